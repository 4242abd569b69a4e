"""How much the anonymiser catches, what it takes out wrongly, and how fast it runs.

    .venv/bin/python -m benchmarks.redaction
    .venv/bin/python -m benchmarks.redaction --data PATH --sample 3000 --seed 7

Reads the `FFT answer` column of the human-coded Friends and Family Test comments (names already
redacted by the data owners; the file is read where it lies, never copied). Into a seeded random
sample it injects one synthetic identifier per comment at a random word boundary: names (with and
without titles, from the lists below), phone numbers in several formats, emails, postcodes, valid
NHS numbers and dates of birth with a cue. An identifier counts as caught when its span is covered
by redactions of any kind. On the ORIGINAL comments it counts the comments with any redaction and
the most frequent redacted strings: these are words wrongly redacted, unless they really are
identifiers left in the data. Then the throughput. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import nhs_number
import pandas as pd

from analysis.themes.anonymise import Anonymised, Anonymiser


def _words(text: str) -> list[str]:
    """The whitespace-separated words of `text`, in order."""
    return text.split()


DEFAULT_DATA = Path(__file__).resolve().parents[1] / "../shared/data/fft-themes/fft_v6_dev.csv"

FIRST_NAMES = _words(
    """Jenny Sarah Emma Claire Karen Sharon Tracey Julie Michelle Rachel Siobhan Niamh Aoife
Fiona Kirsty Megan Bethan Priya Anjali Fatima Aisha Zainab Nadia Amara Chioma Abena Agnieszka
Magdalena Ioana Maria Mei Grace Rose Joy Dawn Carol Hope May Holly Daisy Sue Bev Jo Liz Kate Lucy
Sophie Chloe Olivia Amelia David Paul Mark Steve Gary Darren Wayne Lee Craig Ian Gareth Dafydd
Callum Ciaran Sean Rhys Mohammed Ahmed Imran Raj Sanjay Arjun Kwame Chinedu Tunde Emeka Olu Tomasz
Piotr Andrei Jack Will Bill Frank Ray Tom Dan Ben Sam Chris Matt James John Peter Alan Kevin Wei
Jun"""
)
SURNAMES = _words(
    """Smith Jones Williams Brown Taylor Davies Evans Thomas Roberts Walker Wright Green
Hall Wood O'Brien O'Connor McDonald MacLeod Patel Shah Khan Hussain Begum Ahmed Singh Kaur Okafor
Adeyemi Mensah Owusu Kowalski Nowak Popescu Chen Wong Nguyen Smith-Jones Campbell Murphy Kelly
Lewis Clarke Hughes Edwards Morgan"""
)
TITLES = [
    *_words("Dr Dr. Doctor Nurse nurse Sister Mr Mrs Ms Miss Prof Matron"),
    "Nurse practitioner",
]
AREA_CODES = ["020", "0161", "0113", "0121", "0117", "0131", "0141", "01689", "01632", "01865"]
POSTCODE_AREAS = _words("BR SE SW E N W EC WC M B L LS NE NG DA CR TN ME S G EH CF")
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
MONTHS = "January February March April May June July August September October November December"

Piece = tuple[str, str, str]  # text before the identifier, the identifier, text after it


def name_piece(rng: random.Random) -> Piece:
    """A name as feedback writes it; the title and cue stay outside the identifier."""
    first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
    form = rng.randrange(6)
    if form == 0:
        return rng.choice(TITLES) + " ", last, ""
    if form == 1:
        return rng.choice(TITLES) + " ", first, ""
    if form == 2:
        return "", f"{first} {last}", ""
    if form == 3:
        return rng.choice(["thanks to ", "thank you ", "called ", "my name is "]), first, ""
    return "", first, ""


def _digits(rng: random.Random, n: int) -> str:
    """`n` random digits."""
    return "".join(rng.choice("0123456789") for _ in range(n))


def phone_piece(rng: random.Random) -> Piece:
    """A UK phone number in one of the ways people write them."""
    area = rng.choice(AREA_CODES)
    rest = 11 - len(area)
    local = _digits(rng, rest)
    formats = [
        f"07{_digits(rng, 3)} {_digits(rng, 6)}",
        f"07{_digits(rng, 9)}",
        f"+44 7{_digits(rng, 3)} {_digits(rng, 6)}",
        f"{area} {local[: rest // 2]} {local[rest // 2 :]}" if area == "020" else f"{area} {local}",
        f"({area}) {local}",
        f"0800 {_digits(rng, 3)} {_digits(rng, 4)}",
        f"+44 (0){area[1:]} {local}",
    ]
    return rng.choice(["", "call me on ", "tel ", "my number is "]), rng.choice(formats), ""


def email_piece(rng: random.Random) -> Piece:
    """An email address of a patient or a member of staff."""
    first, last = rng.choice(FIRST_NAMES).lower(), rng.choice(SURNAMES).lower().replace("'", "")
    local = rng.choice([f"{first}.{last}", f"{first}{rng.randrange(100)}", f"{first[0]}.{last}"])
    domain = rng.choice(["nhs.net", "gmail.com", "btinternet.com", "hotmail.co.uk", "nhs.uk"])
    return rng.choice(["", "email ", "contact "]), f"{local}@{domain}", ""


def postcode_piece(rng: random.Random) -> Piece:
    """A UK postcode, sometimes without the space or in lowercase."""
    outward = rng.choice(POSTCODE_AREAS) + str(rng.randrange(1, 20))
    inward = str(rng.randrange(10)) + "".join(rng.choice(INWARD_LETTERS) for _ in range(2))
    code = rng.choice([f"{outward} {inward}", f"{outward}{inward}", f"{outward} {inward}".lower()])
    return rng.choice(["", "I live in ", "postcode "]), code, ""


def nhs_number_piece(rng: random.Random) -> Piece:
    """A valid NHS number, in 3-3-4 groups or run together: nine random digits and the mod-11
    check digit, drawn again until the nhs-number package accepts it (a Scottish CHI number must
    also start with a real date)."""
    while True:
        body = [rng.randrange(10) for _ in range(9)]
        check = (11 - sum(d * w for d, w in zip(body, range(10, 1, -1), strict=True)) % 11) % 11
        digits = "".join(map(str, body)) + str(check)
        if check != 10 and nhs_number.is_valid(digits):
            break
    sep = rng.choice([" ", "", "-"])
    text = f"{digits[:3]}{sep}{digits[3:6]}{sep}{digits[6:]}"
    return rng.choice(["", "NHS number ", "nhs no "]), text, ""


def date_of_birth_piece(rng: random.Random) -> Piece:
    """A date of birth with its cue ("DOB 12/03/1956", "born on 3 March 1948")."""
    day, month, year = rng.randrange(1, 29), rng.randrange(1, 13), rng.randrange(1925, 2010)
    name = _words(MONTHS)[month - 1]
    dates = [
        f"{day:02d}/{month:02d}/{year}",
        f"{day}.{month}.{year % 100:02d}",
        f"{day} {name} {year}",
        f"{day}th {name} {year}",
        f"{name} {day}, {year}",
    ]
    cue = rng.choice(["DOB ", "D.O.B: ", "born on ", "date of birth ", "my date of birth is "])
    return cue, rng.choice(dates), ""


GENERATORS: dict[str, Callable[[random.Random], Piece]] = {
    "name": name_piece,
    "phone": phone_piece,
    "email": email_piece,
    "postcode": postcode_piece,
    "nhs_number": nhs_number_piece,
    "date_of_birth": date_of_birth_piece,
}


def inject(text: str, piece: Piece, rng: random.Random) -> tuple[str, tuple[int, int]]:
    """`text` with the piece put at a random word boundary, and the identifier's span in it."""
    bounds = [0] + [i + 1 for i, c in enumerate(text) if c == " "] + [len(text)]
    at = rng.choice(bounds)
    before, identifier, after = piece
    pad_left = " " if at == len(text) and text and not text.endswith(" ") else ""
    inserted = f"{pad_left}{before}{identifier}{after}" + (" " if at < len(text) else "")
    start = at + len(pad_left) + len(before)
    return text[:at] + inserted + text[at:], (start, start + len(identifier))


def covered(span: tuple[int, int], result: Anonymised) -> bool:
    """True when every character of `span` lies inside a redaction."""
    chars = set(range(*span))
    for r in result.redactions:
        chars -= set(range(r.start, r.end))
    return not chars


def recall(comments: list[str], anonymiser: Anonymiser, sample: int, rng: random.Random) -> None:
    """Inject one identifier into each of `sample` comments; print the share caught per kind."""
    kinds = list(GENERATORS)
    picked = rng.sample(comments, min(sample, len(comments)))
    caught, total, missed = Counter(), Counter(), {k: [] for k in kinds}
    for n, comment in enumerate(picked):
        kind = kinds[n % len(kinds)]
        text, span = inject(comment, GENERATORS[kind](rng), rng)
        total[kind] += 1
        if covered(span, anonymiser.anonymise(text)):
            caught[kind] += 1
        else:
            missed[kind].append(text[span[0] : span[1]])
    print(f"Recall on {sum(total.values())} comments, one injected identifier each")
    for kind in kinds:
        examples = ", ".join(repr(m) for m in missed[kind][:6])
        print(
            f"  {kind:<14} {caught[kind]:>5}/{total[kind]:<5} {caught[kind] / total[kind]:7.1%}"
            + (f"   missed e.g. {examples}" if examples else "")
        )
    print(
        f"  {'overall':<14} {sum(caught.values()):>5}/{sum(total.values()):<5} "
        f"{sum(caught.values()) / sum(total.values()):7.1%}"
    )


def false_redactions(comments: list[str], anonymiser: Anonymiser) -> None:
    """On the original comments: how many get any redaction, and the top redacted strings."""
    results = anonymiser.anonymise_many(comments)
    hit = sum(1 for r in results if r.redactions)
    kinds = Counter(x.kind for r in results for x in r.redactions)
    strings = Counter((x.kind, x.original) for r in results for x in r.redactions)
    share = hit / len(comments)
    print(f"\nOriginal comments ({len(comments)}): {hit} with any redaction ({share:.2%})")
    print("  by kind: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    print("  30 most frequent redacted strings:")
    for (kind, original), n in strings.most_common(30):
        print(f"    {n:>4}  {kind:<13} {original!r}")


def throughput(comments: list[str], anonymiser: Anonymiser, seconds: float = 3.0) -> None:
    """Comments per second on one core: all comments, and those with nothing to redact."""
    clean = [
        c
        for c, r in zip(comments, anonymiser.anonymise_many(comments), strict=True)
        if not r.redactions
    ]
    for label, texts in (("all original comments", comments), ("without identifiers", clean)):
        done, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            anonymiser.anonymise_many(texts)
            done += len(texts)
        rate = done / (time.perf_counter() - start)
        print(f"  {label:<30} {rate:>10,.0f} comments/s")


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and print every figure."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the FFT comments CSV")
    parser.add_argument("--sample", type=int, default=3000, help="comments to inject into")
    parser.add_argument("--seed", type=int, default=1, help="seed of the sample and injections")
    args = parser.parse_args(argv)
    frame = pd.read_csv(args.data.resolve(), usecols=["FFT answer"])
    comments = [c for c in frame["FFT answer"].dropna().astype(str) if c.strip()]
    start = time.perf_counter()
    anonymiser = Anonymiser()
    print(f"Anonymiser built in {time.perf_counter() - start:.2f} s; {len(comments)} comments\n")
    recall(comments, anonymiser, args.sample, random.Random(args.seed))
    false_redactions(comments, anonymiser)
    print("\nThroughput (one core)")
    throughput(comments, anonymiser)


if __name__ == "__main__":
    main()
