"""WebVTT and SRT transcripts: the words change, cue numbers, timings and tags never do."""

import codecs
import re
from pathlib import Path

import pytest

from anonymise.text.detection import Detection
from anonymise.text.documents import read_document
from anonymise.text.evaluation import strip_markup
from manifests.errors import UserError

ASR = Path(__file__).resolve().parents[3] / "fixtures" / "gold" / "tune" / "asr_output"
TIMING = re.compile(r"^.*-->.*$", re.MULTILINE)

VTT = ("WEBVTT - interview sw07\r\n"
       "Kind: captions\r\n"
       "\r\n"
       "STYLE\r\n"
       "::cue(v[voice=\"SPEAKER_00\"]) { color: yellow }\r\n"
       "\r\n"
       "NOTE checked against the audio by Tracey Walsh\r\n"
       "\r\n"
       "intro\r\n"
       "00:07:41.120 --> 00:07:44.960 align:start position:10%\r\n"
       "<v SPEAKER_00>Where does Kayleigh go to school now?\r\n"
       "\r\n"
       "2\r\n"
       "00:07:45.200 --> 00:07:49.010\r\n"
       "<v.loud Tracey Walsh>Oakfield Primary, <i>in Lowestoft</i> &amp; she’s seven years old.\r\n")
VTT_OUT = ("WEBVTT - interview sw07\r\n"
           "Kind: captions\r\n"
           "\r\n"
           "STYLE\r\n"
           "::cue(v[voice=\"SPEAKER_00\"]) { color: yellow }\r\n"
           "\r\n"
           "NOTE checked against the audio by [Person 1]\r\n"
           "\r\n"
           "intro\r\n"
           "00:07:41.120 --> 00:07:44.960 align:start position:10%\r\n"
           "<v SPEAKER_00>Where does [Person 2] go to school now?\r\n"
           "\r\n"
           "2\r\n"
           "00:07:45.200 --> 00:07:49.010\r\n"
           "<v.loud [Person 1]>[School 1], <i>in [Town 1]</i> &amp; she’s [aged 6–9] years old.\r\n")


@pytest.mark.parametrize("encoding, prefix", [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("cp1252", b"")])
def test_webvtt_keeps_header_cues_timings_tags_encoding_and_line_endings(tmp_path, anonymised, encoding, prefix):
    source = tmp_path / "sw07.vtt"
    source.write_bytes(prefix + VTT.encode(encoding))
    document = read_document(source)
    [unit] = document.units("sw07.vtt")
    assert unit.text == VTT                       # the whole file: offsets map back exactly
    target = tmp_path / "out" / "sw07.vtt"
    assert document.write(target, anonymised(document, "sw07.vtt")) == target
    assert target.read_bytes() == prefix + VTT_OUT.encode(encoding)


SRT = ("1\n"
       "00:00:01,000 --> 00:00:04,000\n"
       "{\\an8}Speaker 1: So who came with you?\n"
       "\n"
       "2\n"
       "00:00:04,500 --> 00:00:09,000 X1:40 X2:600 Y1:20 Y2:50\n"
       "Speaker 2: <i>My social worker</i>, Tracey Walsh,\n"
       "and Kayleigh from <font color=\"#ffff00\">Lowestoft</font>.\n")


def test_srt_keeps_numbers_timings_positions_and_tags(tmp_path, anonymised):
    source = tmp_path / "yp02.srt"
    source.write_text(SRT, encoding="utf-8", newline="")
    document = read_document(source)
    target = tmp_path / "out" / "yp02.srt"
    document.write(target, anonymised(document, "yp02.srt"))
    assert target.read_bytes().decode("utf-8") == SRT.replace("Tracey Walsh", "[Person 1]") \
        .replace("Kayleigh", "[Person 2]").replace("Lowestoft", "[Town 1]")


class SpanningDetector:
    """A name said across two cues, found as one span (cue number and timing inside it)."""

    def __init__(self, settings=None) -> None:
        pass

    def detect(self, texts, high_precision=False):
        out = []
        for text in texts:
            match = re.search(r"Tracey\s+\d+\s+[\d:.]+ --> [\d:.]+\s+Walsh", text)
            out.append([Detection(match.start(), match.end(), "PERSON", match.group(0), 0.9, "test")] if match else [])
        return out


def test_a_name_split_over_two_cues_is_replaced_once_and_the_cue_between_stays(tmp_path, anonymised):
    text = ("WEBVTT\n\n11\n00:01:13.116 --> 00:01:19.897\nthere was a lady there, Tracey\n\n"
            "12\n00:01:20.335 --> 00:01:25.054\nWalsh, she'd been there twenty years\n")
    source = tmp_path / "sy2.vtt"
    source.write_text(text, encoding="utf-8")
    document = read_document(source)
    results = anonymised(document, "sy2.vtt", detector=SpanningDetector)
    assert [r["original"] for r in results[0].records] == ["Tracey\n\n12\n00:01:20.335 --> 00:01:25.054\nWalsh"]
    target = tmp_path / "out.vtt"
    document.write(target, results)
    assert target.read_text(encoding="utf-8") == (
        "WEBVTT\n\n11\n00:01:13.116 --> 00:01:19.897\nthere was a lady there, [Person 1]\n\n"
        "12\n00:01:20.335 --> 00:01:25.054\n, she'd been there twenty years\n")


class HealthNumberDetector:
    def __init__(self, settings=None) -> None:
        pass

    def detect(self, texts, high_precision=False):
        return [[Detection(m.start(), m.end(), "HC_NUMBER", m.group(0), 0.9, "test")
                 for m in re.finditer(r"\d{3} \d{3} \d{4}", text)] for text in texts]


def test_a_placeholder_is_escaped_as_webvtt_requires(tmp_path, anonymised):
    source = tmp_path / "ni01.vtt"
    source.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nmy number is 320 123 4567\n", encoding="utf-8")
    document = read_document(source)
    document.write(tmp_path / "out.vtt", anonymised(document, "ni01.vtt", detector=HealthNumberDetector))
    assert (tmp_path / "out.vtt").read_text(encoding="utf-8").endswith("my number is [H&amp;C number]\n")
    source.with_suffix(".srt").write_text("1\n00:00:01,000 --> 00:00:03,000\nmy number is 320 123 4567\n",
                                          encoding="utf-8")
    srt = read_document(source.with_suffix(".srt"))
    srt.write(tmp_path / "out.srt", anonymised(srt, "ni01.srt", detector=HealthNumberDetector))
    assert (tmp_path / "out.srt").read_text(encoding="utf-8").endswith("my number is [H&C number]\n")


@pytest.mark.parametrize("name, data, message", [
    ("a.vtt", b"00:00:01.000 --> 00:00:03.000\nhello\n", "does not start with WEBVTT"),
    ("b.vtt", b"WEBVTT\n\nno cues here\n", "no cues"),
    ("c.srt", b"1\nhello there\n", "no cues"),
    ("d.srt", b"", "empty"),
    ("e.srt", b"\x00\x01\x02 binary" * 30, "binary"),
])
def test_bad_subtitle_files_are_refused_with_one_clear_message(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(UserError, match=message):
        read_document(path)


def as_srt(webvtt: str) -> str:
    """The same cues as SubRip: no header, comma before the milliseconds, "Speaker 1:" labels."""
    body = webvtt.split("\n\n", 1)[1]
    body = re.sub(r"(\d\d:\d\d:\d\d)\.(\d{3})", r"\1,\2", body)
    return re.sub(r"<v SPEAKER_0(\d)>", lambda m: f"Speaker {int(m.group(1)) + 1}: ", body)


@pytest.mark.parametrize("name", ["hull_housing_h03.vtt", "southampton_youth_sy2.vtt", "hull_housing_h03.srt"])
def test_speech_recognition_output_with_the_real_detector(tmp_path, detector, name):
    """Lower-case, unpunctuated ASR output: what the detector finds goes, generic speaker labels,
    cue numbers and timings stay byte for byte."""
    from anonymise.text.pipeline import TextAnonymiser
    from anonymise.text.registry import Registry
    from anonymise.text.residual import residual_scan
    from anonymise.text.settings import TextSettings

    text, _gold = strip_markup((ASR / name.replace(".srt", ".vtt")).read_text(encoding="utf-8"))
    text = as_srt(text) if name.endswith(".srt") else text
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    document = read_document(source)
    settings = TextSettings()
    engine = TextAnonymiser(settings, Registry.from_settings(settings), detector_factory=lambda _s: detector)
    target = tmp_path / "out" / name
    results = engine.run(document.units(name))
    document.write(target, results)
    out = target.read_text(encoding="utf-8")
    assert TIMING.findall(out) == TIMING.findall(text)
    assert re.findall(r"^\d+$", out, re.MULTILINE) == re.findall(r"^\d+$", text, re.MULTILINE)
    assert re.findall(r"<v [^>]*>", out) == re.findall(r"<v [^>]*>", text)     # SPEAKER_00, SPEAKER_01
    assert re.findall(r"^Speaker \d: ", out, re.M) == re.findall(r"^Speaker \d: ", text, re.M)
    records = [r for result in results for r in result.records]
    assert len(records) > 10 and residual_scan([target], records) == []
    found = {r["original"] for r in records if r["type"] == "PERSON"}
    assert {"kayleigh", "tyler"} & found and not any(re.search(rf"\b{n}\b", out) for n in found)
    assert read_document(target).units(name)[0].text == out
