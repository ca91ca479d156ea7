from manifests.errors import ChecksFailed, Problem, ProblemReport, UserError


def test_report_collects_typed_problems():
    report = ProblemReport()
    report.add_problem("bagit.checksum", location="data/x.tab", path="data/x.tab", algorithm="sha256",
                       expected="ab", found="cd")
    report.add_problem("gate.format", location="x.doc", name="x.doc", origin="x.doc", preferred=".docx")
    assert not report.ok
    assert [p.code for p in report.errors] == ["bagit.checksum"]
    assert len(report.warnings) == 1
    assert Problem.from_dict(report.to_list()[0]) == report.problems[0]
    assert "data/x.tab: data/x.tab sha256 validation failed: expected=ab found=cd (bagit.checksum)" in report.render()


def test_exceptions_carry_exit_codes_and_render_one_message():
    assert UserError("bad").exit_code == 2
    failed = ChecksFailed("2 problems", ProblemReport([Problem("a", "first"), Problem("b", "second")]))
    assert failed.exit_code == 1
    text = failed.render()
    assert "first" in text and "second" in text


def test_a_file_system_error_on_a_temporary_name_names_the_folder_chosen():
    import errno

    from manifests.errors import os_error

    error = os_error(OSError(errno.EROFS, "Read-only file system", "/data/out/.survey.sav.k2j4h1.part"))
    assert error.location == "/data/out" and "read-only" in error.message and error.exit_code == 2
    unknown = os_error(OSError(errno.EXDEV, None, "/data/out/x.sav"))
    assert "Error" not in unknown.render()
