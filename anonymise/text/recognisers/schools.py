"""Named schools, academies, colleges, nurseries and pupil referral units."""

from anonymise.text.recognisers.named import NamedOrganisation


class SchoolRecogniser(NamedOrganisation):
    NAME = "uk_school"
    ENTITY = "SCHOOL"
    CONTEXT = ("school", "went to", "attends", "attended", "pupil", "teacher", "head")
    SUFFIXES = (r"(?i:(?:(?:C\s?of\s?E|CE|RC|Catholic|Church\s+of\s+England|Methodist|Community|"
                r"Free|Primary|Infants?|Junior|Secondary|High|Grammar|Special|Prep(?:aratory)?|"
                r"Middle|Upper|Lower|Church)\s+)*"
                r"(?:Secondary\s+Modern(?:\s+School)?|School|Academy|College|Primary|Infants|Juniors|Nursery|Pre-?school|(?-i:High|Grammar|Secondary|Comp)|"
                r"Comprehensive|Sixth\s+Form(?:\s+College)?|Pupil\s+Referral\s+Unit|PRU)"
                # one school of two stages: "Northmoor Infants and Juniors", "... Junior and Infant School"
                r"(?:\s+(?:and|&)\s+(?:Infants?|Juniors?|Nursery)(?:\s+School)?)?(?:\s+Trust)?)")
