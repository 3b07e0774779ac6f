"""Direct quotes and who said them.

A quote is text between matching quotation marks (“…”, "…", «…», and ‘…’ where the marks cannot
be apostrophes). Marks pair within a paragraph, and a paragraph is a line unless the text is
hard-wrapped: news from the web writes one paragraph a line, and a straight quote left open on
one line must not pair with a mark lines later. A quote left open at the end of its paragraph
runs to that end, and when the next paragraph opens with a quotation mark it is the same
speaker's quote going on (how newswires print a quote of several paragraphs).

Who said it is found the way a reader finds it, nearest evidence first (``Attributor``):

1. right after the quote: a reporting verb either way round (“…,” said Jane Doe / “…,” the
   minister, Jane Doe, told reporters / “…,” he said), or a name signed after a dash (“…” ―
   Jane Doe). After a quote that ends its sentence ("… outlaw nation.” Russia insisted that …")
   a new sentence with its own content has its own speaker;
2. a reporting verb earlier in the sentence, with its subject (Jane Doe said: “…” / Trump
   called the election “rigged” / the paper wrote, adding, “…”: a verb in "-ing" or after
   "and" takes the subject of its clause, past an opening phrase ("Following the vote, Doe
   …") and a description before the name ("a Republican, Jane Doe, …"; "Republican hopeful
   Jane Doe")), or "according to Jane Doe"; a sentence that opens with its verb ("Remarked
   the city's mayor, Jane Doe, “…”");
3. an attribution at the end of the sentence (… a “very weak leader,” Trump said.), or a
   reporting verb after an opening phrase that holds the quote;
4. a name before a colon (Jane Doe, The Daily: “…” / Ryan: ‘No Place in a Campaign’), also
   when the colon ends the paragraph before the quote (Jane Doe wrote:\n\n“…”);
5. whose the words are said to be (Romney’s “47 percent” comment), a transcript's speaker label
   (“WALLACE: Let's start …”), or the reporting verb of the sentence just before (… , Schiff
   said. “The other factor …”);
6. the quote it continues: the earlier paragraphs of a quote of several paragraphs, or a quote
   that opens a sentence right after an attributed one with no other voice between.

The speaker is the *name* in what the verb points at: "Huckabee campaign spokesman Hogan Gidley"
is Hogan Gidley, "Kristen Day, executive director of Democrats for Life" is Kristen Day, "Jane
Doe of UNICEF" is Jane Doe (but "Secretary of State Jane Doe" keeps its title). What a document
says or reads is its author's: "reads Judge Doe's statement", "an ACME press release", "a memo
posted by Senator Doe", "Doe released a video that said" (a medium, "a TV ad", is no author;
"read" alone, "Tom read “…”", gives no speaker). "he"
and "she" are resolved to the most salient person; a definite description is resolved to the
person the document gave that role to ("the minority leader" → Harry Reid, after "Senate
Minority Leader Harry Reid") or to the outlet or body last named ("the newspaper" → The New York
Times), else kept as written ("a spokesman for the ministry"). A noun phrase after a
preposition ("in a low voice", "by the arm and") is never a speaker, nor does one run across the
end of a sentence ("John Smith. He").

Quoted words with no attribution are claims only when they are long enough to be speech (six
words); shorter ones are scare quotes ("the so-called “alt-right”"). Titles ("Meet the Press",
"Saturday Night Live") are not quotes (``_is_title``). The claim reads "Speaker verb: “words”",
so two quotes of one sentence make two different claims, and the same words from the same
speaker again make none.

The package, one job a module, in the order data flows: ``cues`` (reporting verbs and the
small words around a speaker), ``spans`` (where quotes are), ``tokens`` (words with offsets,
and the walk back from a verb to its subject), ``reader`` (where a position stands among the
quotes and sentences), ``speakers`` (the speaker a noun phrase names), ``subjects`` (the noun
phrase a reporting verb speaks for), ``attribution`` (the order in which the evidence above is
read, for each quote) and ``claims`` (which quotes become claims, and how they read).
"""

from __future__ import annotations

from claimtrack.offline.quotes.attribution import Attributor
from claimtrack.offline.quotes.claims import quote_claims
from claimtrack.offline.quotes.cues import CUES
from claimtrack.offline.quotes.spans import QuoteMention, find_quotes
from claimtrack.offline.quotes.speakers import Attribution

__all__ = ["CUES", "Attribution", "Attributor", "QuoteMention", "find_quotes", "quote_claims"]
