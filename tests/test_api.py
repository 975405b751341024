from __future__ import annotations

import contentguard


def test_scan_and_clean_strings():
    report = contentguard.scan("Top News\nTop News\n\nThe article.\n")
    assert "duplicate-header" in {f.category for f in report.findings if f.line == 2}
    assert contentguard.clean("The article.\nDownload the app\n") == "The article.\n"


def test_scanner_is_reusable_and_reports_verdicts():
    scanner = contentguard.Scanner(load_entry_points=False)
    report = scanner.scan("A short teaser about the budget.\n\nSubscribe to continue reading\n")
    assert report.verdicts.paywall == "hard" and report.verdicts.truncated
    assert scanner.scan("Nothing to see.\n").verdicts.paywall == "none"


def test_plugin_imports_do_not_pull_in_the_plugin_manager():
    import subprocess
    import sys

    code = "import sys, contentguard; from contentguard import hookimpl, Detector; print('contentguard.plugins' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
