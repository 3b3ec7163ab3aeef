/* Body recall: text that belongs to the article and that a boilerplate
 * rule used to take for furniture (short one-line paragraphs in boxes of
 * their own, section heads whose class names them a "title", an article
 * printed after a premature </html>, a streamed page's hidden segment,
 * a block hidden only on small screens, a box holding most of the page's
 * prose with a stray boilerplate word in its name, a round-up's section
 * heads that are links to what they review, a checklist whose items
 * mostly link to shops, an accordion's collapsed answers, a data table's
 * dated rows, a round-up's reviews in "widget" boxes between its
 * headings, a list of links the article announces with a colon, a box
 * of short unlinked items such as a verdict's pros and cons, an article
 * in small builder blocks that lost the vote to a box of teasers, an
 * FAQ whose questions are buttons, boxes placed by a layout framework's
 * "pull" classes, a box with one <picture>, an <aside> box-out of
 * prose, sections named "no-toc"), while the furniture
 * beside it stays out.  Also precision: an article the page renders
 * twice (one copy per screen size) comes out once, and the template's
 * calls to the reader after the text and the site's disclosure notes
 * around it stay out. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "extract_test.h"

/* A page and what its body must hold and must not. */
typedef struct recall_case {
  const char *fixture;
  const char *has[8];   /* NULL-terminated */
  const char *lacks[6]; /* NULL-terminated */
} recall_case;

static const recall_case cases[] = {
    /* Each paragraph in its own box: the one-line ones (a bold section head,
     * a question, an exclamation) are paragraphs too; a box of links is not. */
    {"recall_short_boxes.html",
     {"The harbour board has published the winter timetable",
      "\nWhat changes\n",
      "\nIs that a problem?\n",
      "\nYes!\n",
      "That was the answer from the ferry operator", NULL},
     {"Facebook",
      "run by volunteers", NULL}},
    /* Page builders call every heading a "title": after the article's text
     * has begun such a block is a section head; the headline is not repeated. */
    {"recall_title_headings.html",
     {"Most of us no longer have a cold cellar",
      "\nRoots in boxes of sand\n",
      "\nSquashes on a shelf\n",
      "\nCan onions go in the same place?\n",
      "Onions and garlic prefer the squash shelf", NULL},
     {"How to store winter vegetables without a cellar\n",
      "Privacy", NULL}},
    /* A template that prints </body></html> before the article: the text
     * after it is the page's body, as a browser shows it. */
    {"recall_early_html_end.html",
     {"The council will replace every sodium street light",
      "The old lamps use about three times as much electricity",
      "Residents on the pilot streets were asked", NULL},
     {"Events",
      "Privacy", NULL}},
    /* React's streamed pages send the article in <div hidden id="S:0">, which
     * a script swaps in; and "hidden md:block" is shown on a desktop.  A
     * plainly hidden block stays out. */
    {"recall_streamed.html",
     {"Most household water meters sit in a small chamber",
      "Write the figures down on the same day each month",
      "If every tap is closed and the small red wheel", NULL},
     {"Share this guide",
      "Terms", NULL}},
    /* A list whose items say something beside their links ("Run by: <link>")
     * is a list of facts; a box of prose in divs with a few pictures is not a
     * gallery.  A list of links to other pages and a real gallery stay out. */
    {"recall_fact_lists.html",
     {"Run by: the Carrow Coastal Trust since the keepers left",
      "Nearest shop: Carrow Village Stores two miles inland",
      "Best for: walkers on the coast path who want it",
      "Skerry Head is reached by a causeway",
      "the lower rooms have been turned into a sitting room",
      "All three book up early for summer", NULL},
     {"Windmills to rent",
      "Photos: the owners", NULL}},
    /* A box whose name holds a stray boilerplate word ("follow") but which
     * holds nearly all the page's prose is the article, even when a long
     * menu makes it less than half the page's text. */
    {"recall_prose_box.html",
     {"Every spring a stretch of the northern canal is drained",
      "\nWhy the gates wear out\n",
      "The new gates were made by hand in a workshop",
      "The towpath will stay closed between the second and fourth locks",
      NULL},
     {"Lock keeping", "Email this", "written by volunteers", NULL}},
    /* Near misses: a comment section with more prose than the article
     * keeps its name's verdict (the comments come into the body with
     * that exception removed); so does a footer. */
    {"recall_prose_box_comments.html",
     {"The parish council has closed its allotment waiting list",
      "the list will open again in January", NULL},
     {"I have been on this list for four years",
      "Splitting the full plots into halves", NULL}},
    /* A round-up's section heads are links to what they review
     * ("1. <a>Harebell Two</a>"): prose follows each, so each heads it.  A
     * mostly linked heading followed by nothing but a date ("Next week:
     * <a>...</a>") is a pointer elsewhere and stays out. */
    {"recall_linked_heads.html",
     {"We pitched a dozen small tents",
      "\n1. Harebell Two\n",
      "\n2. Kestrel UL\n",
      "\n3. Moorhen Dome\n",
      "The Harebell, for the porch alone.", NULL},
     {"Stoves for wet weather", "Privacy", NULL}},
    /* A packing list in the article links most items to a shop, but some
     * are plain ("Spare socks") and some say more beside the link: part of
     * the article.  A list whose every item is a link, with a few words
     * before it ("Part two: <a>...</a>"), points to other pages. */
    {"recall_checklist.html",
     {"we asked the members of our walking club",
      "\nThree-season sleeping bag\n",
      "\nSpare socks\n",
      "\nWater filter or tablets\n",
      "\nLong-handled spoon\n",
      "that is how every one of us learned", NULL},
     {"Drying boots overnight", "A first aid kit that fits", "Privacy",
      NULL}},
    /* An accordion's answers are hidden until the reader opens them; the
     * ARIA pattern names each a region labelled by its question.  A hidden
     * form labelled by a link (not a region), an unlabelled hidden region
     * and a hidden dialog stay out. */
    {"recall_collapsed_panels.html",
     {"\nWill the water be heated?\n",
      "by a heat pump that the trust bought",
      "with a season ticket for residents",
      "Only on Sunday mornings, for the cold-water club",
      "publish the summer timetable", NULL},
     {"Spotted a mistake", "Loading the next story", "One letter a week",
      NULL}},
    /* A data table's rows whose first cell is a date are a time series,
     * not datelines; a date alone on its line still goes. */
    {"recall_dated_rows.html",
     {"\n01/12/2024 | 38,410\n",
      "\n01/02/2026 | 40,318\n",
      "\nMonth | Passengers\n",
      "commuters had asked for", NULL},
     {"4 March 2026", NULL}},
    /* A round-up sets each review in a box named "product-widget" between
     * its own headings and notes: the boxes together hold most of the
     * prose, so they are the article.  Widgets in a side column, set
     * among other widgets only, stay out. */
    {"recall_interleaved_widgets.html",
     {"It boiled a full litre in just under four minutes",
      "doubles as a pan for porridge",
      "holds its heat for an hour",
      "switches itself off when dry",
      "None of them is perfect", NULL},
     {"harbour board met on Tuesday", "hedging whips", "Advertisement",
      NULL}},
    /* Teasers in like "widget" boxes set among other widgets only (a side
     * column, no heading or paragraph of the article between them) stay
     * out even when together they outweigh a short article. */
    {"recall_widget_column.html",
     {"from eleven until four on Sundays",
      "the reading room upstairs stays shut", NULL},
     {"harbour board met on Tuesday", "hedging whips", "bakery on Mill",
      NULL}},
    /* A list of links the article announces with a colon, and goes on
     * after, is part of it; "Read more:" is too short to announce one,
     * and a colon-introduced list that closes the text points elsewhere. */
    {"recall_introduced_list.html",
     {"touches these services:",
      "\nRoute 12, Upper Dale to the station\n",
      "\nRoute 30, the market-day service\n",
      "review the timetable in the autumn", NULL},
     {"Fares frozen", "Cycling the old railway path", NULL}},
    /* A box of short items with no link at all, once the article's text
     * has begun, is a verdict or a list of points, not a menu; a box of
     * short items with a link beside them, or one before the text (labels
     * above the headline), stays out. */
    {"recall_short_item_box.html",
     {"\nGood\n", "\nFolds small\n", "\nSteady pan\n",
      "\nNot so good\n", "\nWind hurts\n",
      "a litre boiled in about four minutes", NULL},
     {"\nOlive green\n", "\nStoves\n", NULL}},
    /* An article cut into many small builder blocks, each a paragraph
     * deep inside its wrappers, loses the vote to a box of teasers; the
     * box holding two thirds of the page's prose is the article. */
    {"recall_builder_prose.html",
     {"library van set off on its first round",
      "carry boxes for those who cannot manage the steps",
      "cannot promise to add them all", NULL},
     {"Harbour works", "rugby club", NULL}},
    /* A comment thread with most of the page's prose is not the article. */
    {"recall_prose_comments.html",
     {"will leave at half past ten from May",
      "on the numbers travelling", NULL},
     {"Readers' comments", "forty years", NULL}},
    /* A call-to-action box in the article ("post-cta") is an advert for
     * the site; a box whose name only holds the letters ("spectator")
     * is the article's. */
    {"recall_call_to_action.html",
     {"cook twice and eat four times",
      "allowed to veto one dish a week",
      "goes into an omelette", NULL},
     {"Plan your own week", "free month of our meal planner", NULL}},
    /* The template's calls to the reader after the text (subscribe,
     * follow) go with the heading above them, in a box with no name; a
     * "sign up" inside the text and a long closing paragraph that ends
     * with "subscribe to" stay. */
    {"recall_closing_prompts.html",
     {"can sign up on the sheet by the till",
      "can subscribe to the quarterly letter for the price of the stamps.\n",
      NULL},
     {"Stay in touch", "Friday letter", "Follow us", NULL}},
    /* The site's affiliate disclosure before the text and its opinion
     * disclaimer after it go; the same words inside the text (an article
     * about referral schemes) stay. */
    {"recall_site_notes.html",
     {"\nA referral scheme lets a shop pay",
      "commission on each sale made through affiliate links",
      "came back to buy a second time.\n", NULL},
     {"This guide contains", "views expressed", NULL}},
    /* Pointers to other pages set between the paragraphs, a label
     * ("Also read", "Related reading:", "Lesen Sie auch:") and a link
     * that is most of the line, go; a link inside a sentence, and a
     * label whose link is a small part of its line, stay. */
    {"recall_crosslink_labels.html",
     {"as their teacher described last year",
      "read about rooftop hives in Paris",
      "\nAlso read the label on any jar you buy", NULL},
     {"verges grow wild", "Related reading", "Lesen Sie auch",
      NULL}},
    /* A caption that ends with its picture credit goes; the same words
     * inside a sentence, or followed by another sentence, stay. */
    {"recall_caption_credits.html",
     {"shows photos by Mara Lindqvist",
      "Photo by the skipper's daughter",
      "\nPhotos by passengers from every summer", NULL},
     {"Tom Harker", "Picture credit", "Image used under license", NULL}},
    /* An FAQ whose questions are buttons (an accordion's toggles) and
     * whose answers sit in plain boxes, with no <p>: a button opens, it
     * asks for nothing, so the answers are prose, not a form.  A box of
     * three buttons and one short line (a toolbar) and a box with an
     * e-mail field (a sign-up form) stay out. */
    {"recall_button_faq.html",
     {"offered a plot by the following spring",
      "signs the agreement and takes on the rent",
      "Only in November and only after four",
      "roughly the size of a tennis court", NULL},
     {"Keep a copy of this guide", "committee sends a short letter",
      NULL}},
    /* A layout framework's "col-sm-pull-6" and "pull-right" place a box;
     * they do not name a pull quote.  A "pull-quote" box still goes. */
    {"recall_pull_layout.html",
     {"\nHollins Mere\n", "a roped area that never gets deeper",
      "a safety boat follows the slowest swimmers",
      "keep the cold-water swims for your second year",
      "swim with a friend and wear a bright cap", NULL},
     {"A jetty with a ladder makes", NULL}},
    /* A <picture> and the <img> inside it are one picture: a box with
     * one picture and a few lines about it is not a gallery.  A box of
     * three pictures with captions of a few words still is. */
    {"recall_picture_boxes.html",
     {"bringing a chair or a small table of your own",
      "twenty minutes of talking in pairs",
      "take home in a jar after the first week",
      "half price to anyone receiving a pension", NULL},
     {"Workshop benches", "Ovens at the kitchen", NULL}},
    /* An <aside> in the article with a few paragraphs of prose and no
     * links is a box-out ("How a tide table is made"); an aside that
     * is mostly links to other stories, and one of a single short line,
     * stay out. */
    {"recall_box_out.html",
     {"\nHow a tide table is made\n", "split into dozens of regular waves",
      "the gauge has to be read for another year",
      "leaving twenty minutes' margin", NULL},
     {"same three volunteers", "Every tide story", "Spotted a change",
      NULL}},
    /* "no-toc" says a section is kept out of the table of contents: the
     * word after "no" is no hint.  A box named "sidebar no-border" is
     * still a sidebar. */
    {"recall_negated_names.html",
     {"\nStrip back to sound stone\n", "fill the middle with small hearting",
      "the fallen stones out on the grass",
      "leave the mended length to settle", NULL},
     {"volunteer weekends", NULL}},
    {"recall_prose_box_footer.html",
     {"the town library will open at ten on weekdays",
      "Saturday hours do not change", NULL},
     {"Town Diary began as a printed sheet",
      "Our accounts are read out", NULL}},
};

/* The body as lines, each ending in a newline, so that "\nYes!\n" means
 * a paragraph of its own wherever it stands. */
static char *body_lines(const char *name) {
  af__extracted x;
  extract_fixture(name, NULL, &x);
  char *joined = paras_joined(&x, "\n");
  af__extracted_free(&x);
  size_t n = strlen(joined);
  char *b = malloc(n + 3);
  assert_non_null(b);
  b[0] = '\n';
  memcpy(b + 1, joined, n);
  memcpy(b + 1 + n, "\n", 2);
  free(joined);
  return b;
}

static void test_recall_cases(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    char *b = body_lines(cases[i].fixture);
    for (const char *const *s = cases[i].has; *s; s++)
      assert_contains(b, *s);
    for (const char *const *s = cases[i].lacks; *s; s++)
      assert_lacks(b, *s);
    free(b);
  }
}

/* The short boxes' order survives: the question comes before the answer's
 * section. */
static void test_short_boxes_keep_their_order(void **state) {
  (void)state;
  char *b = body_lines("recall_short_boxes.html");
  assert_true(strstr(b, "Is that a problem?") < strstr(b, "For commuters"));
  free(b);
}

static size_t count_of(const char *hay, const char *needle) {
  size_t n = 0;
  for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
    n++;
  return n;
}

/* A page that prints its article twice, in a wide and a narrow layout
 * box that a style sheet shows one at a time: the second copy goes, and
 * every paragraph of the article, the section head too, is out once. */
static void test_repeated_copy_once(void **state) {
  (void)state;
  char *b = body_lines("recall_repeated_copy.html");
  assert_int_equal(count_of(b, "drops from eight crossings a day to five"), 1);
  assert_int_equal(count_of(b, "the winter boat needs a full crew"), 1);
  assert_int_equal(count_of(b, "\nWhat stays the same\n"), 1);
  assert_int_equal(count_of(b, "waits for the evening train"), 1);
  free(b);
}

/* Near misses: a chorus of three short lines and a longer one sung after
 * each verse (a run of four, but not 300 characters in long paragraphs)
 * and two long paragraphs quoted again as a block quotation (300
 * characters, but a run of two) stay where the article repeats them; so
 * does a day's three meals repeated in a week's plan (a run of three with
 * 300 characters, but under a fifth of the text). */
static void test_repeated_lines_kept(void **state) {
  (void)state;
  char *b = body_lines("recall_repeated_refrain.html");
  assert_int_equal(count_of(b, "\nHaul away, the lamp is burning,\n"), 2);
  assert_int_equal(count_of(b, "\nHaul away and bring them home.\n"), 2);
  assert_int_equal(count_of(b, "the kettle on the stove"), 2);
  assert_contains(b, "The second verse is the rescue");
  free(b);
  b = body_lines("recall_repeated_quote.html");
  assert_int_equal(count_of(b, "The last verse names no one"), 2);
  assert_int_equal(count_of(b, "asked not to record the song"), 2);
  assert_contains(b, "Tickets for the dinner");
  free(b);
  b = body_lines("recall_repeated_schedule.html");
  assert_int_equal(count_of(b, "porridge made with milk"), 2);
  assert_int_equal(count_of(b, "a large baked potato with beans"), 2);
  assert_int_equal(count_of(b, "two slices of toast with peanut butter"), 2);
  assert_contains(b, "Dinner on Saturday can be a treat");
  free(b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_recall_cases),
      cmocka_unit_test(test_short_boxes_keep_their_order),
      cmocka_unit_test(test_repeated_copy_once),
      cmocka_unit_test(test_repeated_lines_kept),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
