"""Context heuristics: lists of headlines, article lists, duplicated headers, quotes."""

from __future__ import annotations

PROSE = ("The council approved the budget on Tuesday after a long debate about roads, schools and the "
         "future of the town's only swimming pool, which has been closed since the spring.")


def categories_by_line(scanner, text):
    out: dict[int, set[str]] = {}
    for finding in scanner.scan(text).findings:
        out.setdefault(finding.line, set()).add(finding.category)
    return out


def test_headlines_listed_under_a_label_go_with_it(scanner):
    text = f"{PROSE}\n\nMost read\nBridge reopens after repairs\nBakery wins national award\n\n{PROSE}\n"
    found = categories_by_line(scanner, text)
    assert found == {3: {"related-content"}, 4: {"related-content"}, 5: {"related-content"}}
    assert scanner.clean(text) == f"{PROSE}\n\n{PROSE}\n"


def test_a_label_running_into_prose_does_not_take_the_title_with_it(scanner):
    text = f"Most read\nBridge reopens after repairs\n{PROSE}\n"
    assert not set(categories_by_line(scanner, text)) & {2, 3}


def test_article_list_items_that_mention_apps_are_kept(scanner):
    steps = ["- Open the settings page on your phone", "- Download the app from the store",
             "- Sign in with your library card", "- Pick a book and start reading"]
    text = PROSE + "\n\n" + "\n".join(steps) + "\n\n" + PROSE + "\n"
    assert scanner.clean(text) == text


def test_duplicate_title_far_down_the_page(scanner):
    text = f"Smoky Red Lentil Soup With Chickpeas\n\n{PROSE}\n\nAdvertisement\nSmoky Red Lentil Soup With Chickpeas\nServes 4\n"
    assert "duplicate-header" in categories_by_line(scanner, text)[6]


def test_breadcrumb_tail_repeated_as_label(scanner):
    text = f"Media › Markets\nMarkets\n\n{PROSE}\n"
    assert "duplicate-header" in categories_by_line(scanner, text)[2]


def test_subheading_then_paragraph_starting_with_it_is_not_a_repeat(scanner):
    text = f"Why prices rose\n\nWhy prices rose so sharply is debated. {PROSE}\n"
    assert categories_by_line(scanner, text) == {}


def test_a_line_printed_on_every_card_is_a_field_not_a_duplicate_header(scanner):
    cards = "".join(f"Garden bench model {n}\nIn stock\nIn stock\n\n" for n in range(3))
    text = f"{PROSE}\n\n{cards}{PROSE}\n"
    assert "duplicate-header" not in {c for cats in categories_by_line(scanner, text).values() for c in cats}


def test_near_repeats_with_other_numbers_are_two_items(scanner):
    text = f"Episode 12: The harbour at night\nEpisode 13: The harbour at night\n\n{PROSE}\n"
    assert categories_by_line(scanner, text) == {}
    text = f"Episode 12: The harbour at night\nEpisode 12 - The harbour at night\n\n{PROSE}\n"
    assert categories_by_line(scanner, text) == {2: {"duplicate-header"}}


def test_a_summary_list_naming_the_sections_below_is_kept(scanner):
    text = (f"- How the budget was drawn up\n- What the council cut this year\n\n{PROSE}\n\n"
            f"How the budget was drawn up\n\n{PROSE}\n\nWhat the council cut this year\n\n{PROSE}\n")
    assert categories_by_line(scanner, text) == {}


def test_table_rows_are_not_headings_or_menus(scanner):
    rows = "| Ward | Seats | Turnout |\n| --- | --- | --- |\n| North | East | West |\n| North | East | West |\n"
    text = f"{PROSE}\n\n{rows}\n{PROSE}\n"
    assert categories_by_line(scanner, text) == {}


def test_guillemet_quoted_prompt_is_article(scanner):
    line = "Les lecteurs voyaient « Download the app » en haut de chaque page, a expliqué la rédaction."
    assert categories_by_line(scanner, line + "\n") == {}


def test_masthead_and_section_label_around_head_boilerplate(scanner):
    text = (f"Quillmoor & Fenn\nSubscribe to continue reading\nHealth\n\nBridge reopens after repairs to the old span\n\n"
            f"{PROSE}\n")
    found = categories_by_line(scanner, text)
    assert set(found) == {1, 2, 3}
    assert scanner.clean(text).startswith("Bridge reopens after repairs to the old span\n\n")


def test_short_lines_between_paragraphs_are_not_smoothed_away(scanner):
    text = f"{PROSE}\n\nDownload the app\nWhy it matters\n\n{PROSE}\n"
    assert set(categories_by_line(scanner, text)) == {3}


def test_breadcrumb_does_not_take_the_title_block_as_a_headline_list(scanner):
    text = (f"Home › Recipes › Dumplings\nGrandma's potato dumplings\nAlice Baker · 12 January 2024\n"
            f"64 comments\n\n{PROSE}\n")
    found = categories_by_line(scanner, text)
    assert 1 in found and 4 in found
    assert not set(found) & {2, 3}


def test_position_rules_see_past_a_long_cookie_banner(tmp_path):
    from contentguard.api import Scanner

    rule = tmp_path / "tail.yaml"
    rule.write_text("- id: legal-footer/test-imprint\n  category: legal-footer\n  message: m\n"
                    "  phrases: [imprint]\n  position: head\n  examples: {match: [Imprint]}\n")
    scanner = Scanner(load_entry_points=False, rules=[rule], select=["legal-footer/test-imprint", "cookie-notice"])
    banner = ("We use cookies and similar technologies to personalise content and ads, to provide social "
              "media features and to analyse our traffic, as described in our cookie policy.")
    text = f"{banner}\nImprint\n\n{PROSE}\n"
    assert {f.rule for f in scanner.scan(text).findings} >= {"legal-footer/test-imprint"}


def test_menu_rows_spaced_apart_and_breadcrumbs_are_navigation(scanner):
    text = (f"Lokales  Region  Sport  Politik  Wirtschaft\nHome » Recipes » Soups\n\nCarrot soup\n\n{PROSE}\n\n"
            f"By Ann Lee · Published: 02/11/2024 · Updated: 02/14/2024\n\n{PROSE}\n")
    found = categories_by_line(scanner, text)
    assert {1, 2} <= set(found) and "related-content" in found[1]
    assert 8 not in found  # a metadata row is not a menu


def test_of_two_title_copies_the_one_under_the_breadcrumb_goes(scanner):
    title = "Roasted Carrot and Red Lentil Soup with Harissa"
    text = f"Home » Recipes » Soups » {title}\n{title}\n\n{title}\n\nBy Nell Whitcombe\n\n{PROSE}\n"
    found = categories_by_line(scanner, text)
    assert "duplicate-header" in found[2] and 4 not in found


def test_page_title_with_site_name_above_the_headline(scanner):
    title = "Dollar falls as stocks rise on lower rates"
    text = f"{title} | The Market Journal\n\n{title}\n\n{PROSE}\n"
    found = categories_by_line(scanner, text)
    assert found.get(1) == {"duplicate-header"} and 3 not in found
