"""clean_text on small made-up texts: one removal kind at a time, must and must-not."""

from __future__ import annotations

import pytest

from frontlines.clean import clean_text, mapping_errors
from frontlines.models import CleanText

BODY = (
    "Militia units withdrew from the river crossing near Valmora on Tuesday after two days "
    "of shelling, local officials said."
)
BODY2 = (
    "The regional governor said that 14 people had been wounded and that aid convoys were delayed."
)


def cleaned(raw: str) -> CleanText:
    result = clean_text(raw)
    assert mapping_errors(raw, result) == []
    return result


def kinds(result: CleanText) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for removal in result.removals:
        found.setdefault(removal.kind, []).append(removal.text.strip())
    return found


def test_plain_text_passes_unchanged() -> None:
    raw = f"{BODY}\n\n{BODY2}"
    result = cleaned(raw)
    assert result.text == raw
    assert result.removals == []
    assert len(result.segments) == 1


@pytest.mark.parametrize(
    "caption",
    [
        "Displaced families queue for water outside a school in Valmora on March 3, 2023. (AFP Photo)",
        "A damaged bridge over the Seret river on Sunday (Photo: AP)",
        "Soldiers inspect a burned truck near the border post / Photo: AA",
        "Smoke rises over the eastern district after an overnight strike. Photo: Reuters",
        "Volunteers clear rubble from a market (Photo by Lena Ortiz/Getty Images)",
        "A convoy crosses the desert road north of the oasis. Getty Images",
        "A medic treats a wounded man in a field hospital, May 2, 2021. REUTERS/Ada Brenner",
        "Firefighters douse a burning depot (AP Photo/Tomas Quill)",
        "FILE PHOTO: Armoured vehicles line up at a checkpoint outside the capital",
        "Image caption, Volunteers unload sacks of flour",
    ],
)
def test_caption_lines_go(caption: str) -> None:
    result = cleaned(f"{BODY}\n\n{caption}\n\n{BODY2}")
    assert caption not in result.text
    assert result.text == f"{BODY}\n\n{BODY2}"
    assert kinds(result)["caption"] == [caption]


def test_bare_agency_credit_after_caption_goes() -> None:
    raw = f"{BODY}\n\nTroops patrol a village square at dawn / Photo: AA\nAA\n\n{BODY2}"
    result = cleaned(raw)
    assert result.text == f"{BODY}\n\n{BODY2}"
    assert [r.kind for r in result.removals if r.kind != "blank"] == ["caption", "caption"]


def test_bracketed_agency_caption_goes_only_before_body_text() -> None:
    caption = "Firefighters work at the scene of a blast in the port on Friday. (Reuters)"
    result = cleaned(f"{caption}\n\n{BODY}")
    assert result.text == BODY
    # Wire copy that ends "(AFP)" keeps its last paragraph.
    tail = "The ministry did not respond to a request for comment. (AFP)"
    result = cleaned(f"{BODY}\n\n{tail}")
    assert tail in result.text


@pytest.mark.parametrize(
    "sentence",
    [
        "AFP reported that the rebels had entered the northern suburbs before dawn.",
        "A photographer working for Reuters was injured by shrapnel near the front line.",
        "The agency AA quoted a local commander who said the town was surrounded.",
        "AFP",
        "Support for the truce fell to 31 percent in a Reuters/Ipsos poll.",
        "The image was later published by AFP and widely shared.",
    ],
)
def test_body_sentences_that_name_agencies_stay(sentence: str) -> None:
    raw = f"{BODY}\n\n{sentence}\n\n{BODY2}"
    result = cleaned(raw)
    assert sentence in result.text.split("\n\n")
    assert "caption" not in kinds(result)


@pytest.mark.parametrize(
    "link",
    [
        "Read More",
        "Read more: Ceasefire talks stall as both sides trade blame",
        "READ MORE: Aid agencies warn of famine in the south",
        "Related: Drone strikes hit fuel depot",
        "Also read: How the front line moved in March",
        "Click here to subscribe to our daily briefing",
    ],
)
def test_read_more_lines_go(link: str) -> None:
    result = cleaned(f"{BODY}\n\n{link}\n\n{BODY2}")
    assert result.text == f"{BODY}\n\n{BODY2}"
    assert kinds(result)["read_more"] == [link]


def test_bare_read_more_marker_takes_the_headline_under_it() -> None:
    raw = f"{BODY}\nRead more:\nFuel shortages cripple hospitals in the capital\n\n{BODY2}"
    result = cleaned(raw)
    assert "Fuel shortages" not in result.text
    assert kinds(result)["read_more"] == [
        "Read more:",
        "Fuel shortages cripple hospitals in the capital",
    ]


def test_read_more_inside_a_sentence_stays() -> None:
    sentence = "Residents who read more than one report said the accounts differed."
    result = cleaned(f"{BODY}\n\n{sentence}")
    assert sentence in result.text


def test_trailing_headlines_after_img_go() -> None:
    raw = (
        f"{BODY}\n\n{BODY2}\n\n[Sources: Field Notes, Harbour Gazette]\n\nimg\n"
        "Copper prices climb as smelters cut output\n"
        "Why northern ports are losing shipping traffic\n"
        "A short history of mountain railways"
    )
    result = cleaned(raw)
    assert result.text == f"{BODY}\n\n{BODY2}"
    found = kinds(result)
    assert found["boilerplate"] == ["[Sources: Field Notes, Harbour Gazette]", "img"]
    assert len(found["trailing_headlines"]) == 3


def test_trailing_headlines_after_read_more_include_questions() -> None:
    raw = f"{BODY}\n\nRead More\n\nWho controls the coastal road?\n\nBorder crossings"
    result = cleaned(raw)
    assert result.text == BODY
    assert kinds(result)["trailing_headlines"] == [
        "Who controls the coastal road?",
        "Border crossings",
    ]


def test_unintroduced_trailing_run_needs_two_lines() -> None:
    one = cleaned(f"{BODY}\n\nHarvest festival returns to the valley")
    assert "Harvest festival" in one.text
    two = cleaned(
        f"{BODY}\n\nHarvest festival returns to the valley\nNew stadium opens in the capital"
    )
    assert two.text == BODY


def test_closing_sentence_and_closing_question_stay() -> None:
    raw = f"{BODY}\n\n{BODY2}\n\nWhat happens next to the crossing remains unclear."
    assert cleaned(raw).text == raw
    question = f"{BODY}\n\nWill the truce hold?"
    assert cleaned(question).text == question


def test_trailing_run_after_a_lead_in_colon_stays() -> None:
    raw = f"{BODY}\n\nThe statement listed three demands:\nA full ceasefire\nOpen roads for aid"
    assert cleaned(raw).text == raw


@pytest.mark.parametrize(
    "furniture",
    [
        "img",
        "Image",
        "Advertisement",
        "Share this article",
        "[Sources: Wire reports]",
        "(Reporting by Lena Ortiz; Editing by Tom Vance)",
        "Copyright 2024 Harbour Gazette. All rights reserved.",
    ],
)
def test_boilerplate_lines_go_anywhere(furniture: str) -> None:
    result = cleaned(f"{BODY}\n\n{furniture}\n\n{BODY2}")
    assert result.text == f"{BODY}\n\n{BODY2}"
    assert kinds(result)["boilerplate"] == [furniture]


def test_repeated_paragraph_keeps_first_copy() -> None:
    raw = f"{BODY}\n\n{BODY2}\n\n{BODY}\n\n{BODY2.replace(' ', '  ')}"
    result = cleaned(raw)
    assert result.text == f"{BODY}\n\n{BODY2}"
    assert len(kinds(result)["repeated_lead"]) == 2


def test_near_repeat_is_not_a_repeat() -> None:
    other = BODY.replace("near Valmora", "near Valmora in the north")
    result = cleaned(f"{BODY}\n\n{other}")
    assert result.text == f"{BODY}\n\n{other}"


def test_short_repeats_go_but_repeated_headings_stay() -> None:
    raw = f"SEA CROSSINGS\n{BODY}\nFrom our desk\n\nSEA CROSSINGS\n{BODY2}\nFrom our desk"
    result = cleaned(raw)
    assert result.text.count("SEA CROSSINGS") == 2
    assert result.text.count("From our desk") == 1


def test_header_bullets_are_metadata() -> None:
    raw = (
        "Rebels cut supply road to northern garrison\n"
        "- Africa\n- Harbour Gazette\n- Published Date: 09:15 | 12 March 2021\n"
        f"{BODY}\n- a bullet in the body stays"
    )
    result = cleaned(raw)
    assert result.text == (
        f"Rebels cut supply road to northern garrison\n{BODY}\n- a bullet in the body stays"
    )
    assert kinds(result)["metadata"] == [
        "- Africa",
        "- Harbour Gazette",
        "- Published Date: 09:15 | 12 March 2021",
    ]


@pytest.mark.parametrize(
    "line", ["14 March 2022 08:30", "Updated: 3 June 2023", "By Amina Okafor", "4 min read"]
)
def test_header_dates_and_bylines_are_metadata(line: str) -> None:
    raw = f"Rebels cut supply road to northern garrison\n{line}\n{BODY}"
    result = cleaned(raw)
    assert line not in result.text
    assert kinds(result)["metadata"] == [line]


def test_dates_deep_in_the_body_stay() -> None:
    paragraphs = [BODY, BODY2, BODY, BODY2, BODY, BODY2, BODY]
    paragraphs = [f"{p} ({i})" for i, p in enumerate(paragraphs)]
    raw = "\n".join([*paragraphs, "14 March 2022"])
    # Only the header is searched for metadata; a last short line may still be a sidebar.
    assert "metadata" not in kinds(cleaned(raw))


def test_section_headings_stay() -> None:
    raw = f"{BODY}\n\nFIGHTING SPREADS TO THE HILLS IN 2020\n\n\n\n{BODY2}"
    result = cleaned(raw)
    assert result.text == f"{BODY}\n\nFIGHTING SPREADS TO THE HILLS IN 2020\n\n{BODY2}"


def test_blank_runs_collapse_and_odd_spaces_become_spaces() -> None:
    raw = f"\n\n  {BODY}\u00a0\n\n\u00a0\n \n\n{BODY2.replace(' ', chr(0x202F), 1)}\r\n\r\n\r\n"
    result = cleaned(raw)
    assert result.text == f"{BODY}\n\n{BODY2}"
    assert all(r.kind == "blank" for r in result.removals)
    assert "\u00a0" not in result.text


def test_line_breaks_inside_paragraphs_are_kept() -> None:
    raw = f"{BODY}\n{BODY2}\r\n{BODY}!"
    assert cleaned(raw).text == f"{BODY}\n{BODY2}\n{BODY}!"


def test_spaces_inside_a_line_collapse_to_one() -> None:
    raw = "Shelling \u00a0resumed\t\tat\u200b dawn,  officials\u00a0said."
    result = cleaned(raw)
    assert result.text == "Shelling resumed at dawn, officials said."


def test_to_raw_points_at_the_same_word() -> None:
    raw = f"Picture of a ruined mill (AFP Photo)\n\n\n{BODY}"
    result = cleaned(raw)
    at = result.text.index("Valmora")
    assert raw[result.to_raw(at) : result.to_raw(at) + 7] == "Valmora"


def test_empty_and_blank_inputs() -> None:
    assert cleaned("").text == ""
    assert cleaned("\n \u00a0\n\n").text == ""


def test_removals_carry_raw_offsets() -> None:
    raw = f"{BODY}\n\nRead more: Talks resume in the capital\n\n{BODY2}"
    result = cleaned(raw)
    for removal in result.removals:
        assert raw[removal.raw_start : removal.raw_end] == removal.text
