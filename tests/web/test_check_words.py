"""The check page's words box through the app: what was understood comes back as the filled-in
form with the open warning signs as questions; an emergency in the words is answered at once;
the answers, hidden ruled-out signs included, reach the assessment."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from twitchwise.domain.episodes import Symptom


def open_signs(page: str) -> list[str]:
    return re.findall(r'name="sign\.([a-z_]+)" value="yes"', page)


def test_words_with_an_emergency_sign_give_the_emergency_result_at_once(
    client: TestClient,
) -> None:
    page = client.post(
        "/check/text", data={"text": "my face has dropped on one side and I can't get my words out"}
    ).text
    assert 'class="banner emergency"' in page
    assert re.search(r'href="tel:(999|112|911|000|111)"', page)
    assert "Your plan" not in page and "What likely contributed" not in page
    assert page.index('class="banner emergency"') < page.index("From your words")


def test_words_fill_the_form_and_leave_the_open_signs_as_questions(client: TestClient) -> None:
    page = client.post(
        "/check/text", data={"text": "calf cramp in bed last night, lasted 2 mins, no numbness"}
    ).text
    assert "What we understood" in page
    assert 'name="episode.symptoms_absent" value="numbness"' in page
    asked = open_signs(page)
    assert "numbness" not in asked, "a sign the words ruled out is not asked again"
    assert {"one_sided_weakness", "chest_pain", "weakness"} <= set(asked)
    assert "No warning sign" not in page
    # the emergency questions come before the others
    assert asked.index("one_sided_weakness") < asked.index("weakness")


def test_the_answers_and_the_ruled_out_signs_reach_the_check(client: TestClient) -> None:
    form = client.post(
        "/check/text", data={"text": "calf cramp in bed last night, lasted 2 mins, no numbness"}
    ).text
    asked = open_signs(form)
    answers = {f"sign.{sign}": "no" for sign in asked}
    result = client.post(
        "/check",
        data={
            "episode.kind": "cramp",
            "episode.body_sites": "calf",
            "episode.symptoms_absent": "numbness",
            **answers,
        },
    )
    assert result.status_code == 200, result.text[:2000]
    assert 'class="banner self_care"' in result.text
    assert "No warning sign" in result.text and "Not asked yet" not in result.text


def test_one_open_sign_left_unanswered_keeps_the_result_provisional(client: TestClient) -> None:
    everything_but_one = {f"sign.{s.value}": "no" for s in Symptom if s is not Symptom.CHEST_PAIN}
    page = client.post("/check", data={"episode.kind": "cramp", **everything_but_one}).text
    assert "No warning sign" not in page
    assert "Not asked yet" in page and "chest" in page


def test_not_sure_about_an_emergency_sign_means_talk_to_someone_today(client: TestClient) -> None:
    answers = {f"sign.{s.value}": "no" for s in Symptom}
    answers["sign.chest_pain"] = "unsure"
    page = client.post("/check", data={"episode.kind": "cramp", **answers}).text
    assert 'class="banner urgent"' in page or 'class="banner emergency"' in page
    assert "No warning sign" not in page


def test_a_yes_to_an_open_question_counts_as_the_sign(client: TestClient) -> None:
    page = client.post("/check", data={"episode.kind": "cramp", "sign.chest_pain": "yes"}).text
    assert 'class="banner emergency"' in page


def test_words_not_understood_get_the_safety_line_and_the_form(client: TestClient) -> None:
    page = client.post("/check/text", data={"text": "zzkq wibble frob"}).text
    assert "We could not turn your words into answers" in page
    assert re.search(r'href="tel:\d+"', page)
    assert 'name="episode.kind"' in page, "the form is there to answer instead"


def test_words_in_another_language_say_so_and_give_the_call_number(client: TestClient) -> None:
    page = client.post(
        "/check/text", data={"text": "Mein Augenlid zuckt seit drei Tagen und ich schlafe schlecht"}
    ).text
    assert "English only" in page
    assert re.search(r'href="tel:\d+"', page)


def test_an_empty_box_is_named(client: TestClient) -> None:
    page = client.post("/check/text", data={"text": "   "})
    assert page.status_code == 422
    assert 'id="text-error"' in page.text


def _form_data(fields: list[tuple[str, str]]) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    return data


def test_none_of_these_answers_no_to_its_group_but_not_to_a_yes_in_it(client: TestClient) -> None:
    form = client.post("/check/text", data={"text": "calf cramp in bed, 2 mins"}).text
    asked = re.findall(r'name="asked\.([a-z_]+)" value="([a-z_]+)"', form)
    groups = list(dict.fromkeys(level for level, _ in asked))
    assert groups == ["emergency", "urgent", "see_doctor"], "the ambulance questions first"
    fields = [("episode.kind", "cramp")] + [(f"asked.{level}", sign) for level, sign in asked]
    every_group = [*fields, *(("none_of", level) for level in groups)]
    calm = client.post("/check", data=_form_data(every_group)).text
    assert "No warning sign" in calm
    with_yes = client.post("/check", data=_form_data([*every_group, ("sign.chest_pain", "yes")]))
    assert 'class="banner emergency"' in with_yes.text
    two_groups = [f for f in every_group if f != ("none_of", "see_doctor")]
    partial = client.post("/check", data=_form_data(two_groups)).text
    assert "No warning sign" not in partial and "Not asked yet" in partial
