"""The [content] table of a profile: defaults, overrides and validation."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from perflint.profiles import ProfileError, default_content, load_profile_file
from perflint.resources import resource_dir

BASE = (resource_dir("rules") / "gd-dept-overall.toml").read_text(encoding="utf-8")
# The profile without its own [content] tables, so a test can declare them.
BASE_WITHOUT_CONTENT = BASE.split("# What the content rules read")[0]


def custom(tmp_path: Path, extra: str, base: str = BASE) -> Path:
    path = tmp_path / "custom.toml"
    path.write_text(base.replace('id = "gd-dept-overall"', 'id = "custom"') + "\n" + extra, encoding="utf-8")
    return path


def test_defaults_bands_are_half_open():
    spec = default_content().conclusion
    cases = {"0": "差", "59.99": "差", "60": "中", "79.99": "中", "80": "良", "89.99": "良", "90": "优", "100": "优"}
    assert {score: spec.grade_for(Decimal(score)).grade for score in cases} == cases
    assert spec.grade_for(Decimal("100.01")) is None and spec.grade_for(Decimal("-1")) is None


def test_the_shipped_profile_names_its_sections():
    profile = load_profile_file(resource_dir("rules") / "gd-dept-overall.toml")
    content = profile.content
    assert (content.conclusion_section, content.rectification_section, content.expenditure_section) == (
        "conclusion",
        "previous-rectification",
        "dept-expenditure",
    )
    assert content.conclusion.other_subject_markers == ("项目",)
    assert content.conclusion.previous_year_markers == default_content().conclusion.previous_year_markers  # merged from the defaults


def test_a_profile_overrides_grades_and_phrases(tmp_path):
    extra = (
        '[content.rectification]\ncompleted = ["已销号"]\n\n'
        '[[content.conclusion.grades]]\ngrade = "A"\nwords = ["A级"]\nmin-score = 85\n\n'
        '[[content.conclusion.grades]]\ngrade = "B"\nwords = ["B级"]\nmin-score = 0\n'
    )
    profile = load_profile_file(custom(tmp_path, extra))
    assert [g.grade for g in profile.content.conclusion.by_floor] == ["A", "B"]
    assert profile.content.rectification.completed == ("已销号",)
    assert profile.content.rectification.not_done == default_content().rectification.not_done


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('[content]\nconclusion-section = "no-such-section"\n', "no-such-section"),
        ('[content.template-text]\nplaceholder-patterns = ["(unclosed"]\n', "invalid regular expression"),
        ('[[content.conclusion.grades]]\ngrade = "A"\nwords = ["A"]\nmin-score = 50\n', "lowest grade must start at score-min"),
        ("[content.conclusion]\nunknown-key = 1\n", "unknown-key"),
    ],
)
def test_invalid_content_tables_are_clear_errors(tmp_path, extra, message):
    with pytest.raises(ProfileError) as caught:
        load_profile_file(custom(tmp_path, extra, BASE_WITHOUT_CONTENT))
    assert message in str(caught.value) and "custom.toml" in str(caught.value)
