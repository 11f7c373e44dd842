"""The Simplified Chinese translation: complete, compiled, and loaded for a zh_CN QGIS."""
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from helpers import REPO
from helpers import run_qgis_process as qgis_process

TS = os.path.join(REPO, "i18n", "smdownscale_zh_CN.ts")
QM = os.path.join(REPO, "i18n", "smdownscale_zh_CN.qm")
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def messages():
    root = ET.parse(TS).getroot()
    for context in root.iter("context"):
        for message in context.iter("message"):
            yield (context.findtext("name"), message.findtext("source"),
                   message.find("translation"))


def test_every_string_of_the_code_is_translated():
    sys.path.insert(0, os.path.join(REPO, "scripts"))
    from i18n_update import extract

    in_code = {(c, s) for c, s, _ in extract()}
    in_ts = {(c, s): t for c, s, t in messages()}
    assert in_code == set(in_ts), "run scripts/i18n_update.py and translate the new strings"
    unfinished = [k for k, t in in_ts.items() if t.get("type") == "unfinished" or not t.text]
    assert not unfinished, unfinished[:5]


def test_translations_keep_placeholders_and_are_chinese():
    for context, source, translation in messages():
        fields = sorted(re.findall(r"\{[a-z_]*\}", source))
        assert sorted(re.findall(r"\{[a-z_]*\}", translation.text)) == fields, (context, source)
        if re.search(r"\b[a-z]{4,}\b", source):  # prose, not a product or index name
            assert CHINESE.search(translation.text), (context, source)


@pytest.mark.skipif(shutil.which("lrelease") is None, reason="needs Qt's lrelease")
def test_compiled_file_is_up_to_date(tmp_path):
    fresh = tmp_path / "fresh.qm"
    subprocess.run(["lrelease", "-silent", TS, "-qm", str(fresh)], check=True)
    assert fresh.read_bytes() == open(QM, "rb").read(), "run scripts/i18n_compile.sh"


@pytest.mark.qgis_process
def test_qgis_process_help_in_chinese(profile_env):
    zh = dict(profile_env, LANG="zh_CN.UTF-8", LC_ALL="zh_CN.UTF-8", LANGUAGE="zh_CN")
    run = qgis_process(zh, "help", "smdownscale:train")
    assert run.returncode == 0, run.stdout + run.stderr
    learner = next(t.text for c, s, t in messages() if (c, s) == ("Train", "Learner"))
    seasons = next(t.text for c, s, t in messages() if (c, s) == ("Train", "Seasons"))
    assert learner in run.stdout and seasons in run.stdout
    assert len(CHINESE.findall(run.stdout)) > 500


@pytest.mark.qgis_process
def test_english_stays_english(profile_env):
    en = dict(profile_env, LANG="en_US.UTF-8", LC_ALL="en_US.UTF-8", LANGUAGE="en_US")
    run = qgis_process(en, "help", "smdownscale:train")
    assert run.returncode == 0 and "Learner" in run.stdout
    assert not CHINESE.search(run.stdout)
