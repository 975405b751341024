"""Deterministic generator of realistic scraped pages for the benchmark (invented text only).

A page looks like what a scraper hands over: a few navigation labels, the headline (often
printed twice), a byline, paragraphs of prose, and boilerplate mixed in where sites put it
(a newsletter box or an ad marker between paragraphs, a paywall prompt, an app promo,
related headlines, share buttons and a legal footer at the end). About a fifth of the
pages carry no boilerplate at all. Most pages are English; the rest are German, French,
Spanish, Italian, Dutch, Polish and Portuguese, with their accented letters, and English
pages use typographic quotes and dashes now and then, as real pages do.

Everything is drawn from ``random.Random(seed)``: the same seed gives the same corpus,
byte for byte.

    python -m bench.generate --docs 10000 --seed 7 > /tmp/pages.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

WORDS: dict[str, str] = {
    "en": """the council said new plan would housing river road school budget year residents city
        officials week county water project local people state police report market prices rose
        after before during while since under over about against between through without their
        this that these those which when where because although however meanwhile families
        workers farmers teachers doctors nurses drivers owners tenants students visitors voters
        bridge harbour station library hospital museum stadium factory village valley coast
        rain storm heat season summer winter spring autumn morning evening night weekend
        increase decline growth cost tax fee rent wage loan grant fund contract deal vote
        approved rejected delayed announced expected reported warned argued agreed promised""",
    "de": """der die das und mit für auf über unter nach vor bei seit gegen ohne durch während
        Stadt Gemeinde Rat Bürger Schule Straße Brücke Bahnhof Krankenhaus Wohnung Miete Preise
        Jahr Woche Monat Sommer Winter Regen Hitze Haushalt Steuer Gebühr Vertrag Entscheidung
        hat haben wurde werden sagte erklärte kündigte stieg sank plant prüft fordert lehnt
        Bürgermeisterin Anwohner Familien Schüler Ärzte Pflegekräfte Händler Landwirte Pendler
        neue große kleine schnelle günstige teure öffentliche städtische örtliche frühere
        Verkehr Umbau Förderung Zuschuss Ausschuss Sitzung Vorschlag Mehrheit Gutachten""",
    "fr": """le la les et avec pour sur sous après avant depuis contre sans pendant entre
        ville commune conseil habitants école rue pont gare hôpital logement loyer prix
        année semaine mois été hiver pluie chaleur budget impôt taxe contrat décision
        a ont été sera selon déclaré annoncé augmenté baissé prévu demandé refusé
        maire riverains familles élèves médecins infirmières commerçants agriculteurs
        nouveau grande petite rapide coûteux public municipal régional ancien
        circulation travaux subvention réunion proposition majorité rapport étude""",
    "es": """el la los las y con para sobre bajo tras antes desde contra sin durante entre
        ciudad municipio consejo vecinos escuela calle puente estación hospital vivienda
        alquiler precios año semana mes verano invierno lluvia calor presupuesto impuesto
        ha han fue será según dijo anunció subió bajó prevé pidió rechazó aprobó
        alcaldesa familias alumnos médicos enfermeras comerciantes agricultores
        nuevo grande pequeña rápido caro público municipal regional antiguo
        tráfico obras subvención reunión propuesta mayoría informe estudio""",
    "it": """il la le gli e con per su sotto dopo prima da contro senza durante tra
        città comune consiglio cittadini scuola strada ponte stazione ospedale casa affitto
        prezzi anno settimana mese estate inverno pioggia caldo bilancio tassa contratto
        ha hanno è stato sarà secondo dichiarato annunciato aumentato calato previsto
        sindaca famiglie studenti medici infermieri commercianti agricoltori pendolari
        nuovo grande piccola veloce costoso pubblico comunale regionale vecchio
        traffico lavori contributo riunione proposta maggioranza rapporto perché già più""",
    "nl": """de het een en met voor op onder na voor sinds tegen zonder tijdens tussen
        stad gemeente raad inwoners school straat brug station ziekenhuis woning huur
        prijzen jaar week maand zomer winter regen hitte begroting belasting contract
        heeft hebben werd wordt zei kondigde steeg daalde plant vraagt weigert keurde
        burgemeester bewoners gezinnen leerlingen artsen verpleegkundigen winkeliers boeren
        nieuwe grote kleine snelle dure openbare gemeentelijke regionale oude
        verkeer werkzaamheden subsidie vergadering voorstel meerderheid rapport onderzoek""",
    "pl": """w na z do od po przed przez bez dla podczas między oraz także jednak
        miasto gmina rada mieszkańcy szkoła ulica most dworzec szpital mieszkanie czynsz
        ceny rok tydzień miesiąc lato zima deszcz upał budżet podatek opłata umowa
        ma mają został będzie według powiedział ogłosił wzrosły spadły planuje żąda
        burmistrz rodziny uczniowie lekarze pielęgniarki handlowcy rolnicy dojeżdżający
        nowy duża mała szybki drogi publiczny miejski regionalny dawny
        ruch remont dotacja posiedzenie wniosek większość raport badanie również już""",
    "pt": """o a os as e com para sobre sob após antes desde contra sem durante entre
        cidade município câmara moradores escola rua ponte estação hospital habitação renda
        preços ano semana mês verão inverno chuva calor orçamento imposto taxa contrato
        tem têm foi será segundo disse anunciou subiu desceu prevê pediu recusou aprovou
        presidente famílias alunos médicos enfermeiros comerciantes agricultores
        novo grande pequena rápido caro público municipal regional antigo
        trânsito obras subsídio reunião proposta maioria relatório estudo também já""",
}
WORDS_BY_LANGUAGE = {lang: text.split() for lang, text in WORDS.items()}

# boilerplate lines by language and category, invented in the style of scraped news pages
BOILERPLATE: dict[str, dict[str, list[str]]] = {
    "en": {
        "nav": ["Home", "News", "Local", "Business", "Sport", "Opinion", "Top News", "Latest News", "Menu"],
        "paywall": ["Sign up to read this article", "Subscribe to continue reading",
                    "This article is for subscribers only.", "You've reached your free article limit.",
                    "Already a subscriber? Log in", "Create a free account to keep reading."],
        "app-promo": ["Download the app", "Get it on Google Play", "Read this story in the app — it's free.",
                      "Download the Harbour Courier app for breaking news alerts.", "Available on the App Store"],
        "subscription-nag": ["Subscribe for $1 a week", "Try 4 weeks free, cancel anytime.",
                             "Support local journalism: become a member today.", "Start your free trial"],
        "newsletter": ["Sign up for our morning newsletter", "Get the best stories in your inbox every day.",
                       "Enter your email address", "Thanks for subscribing!"],
        "cookie-notice": ["We use cookies to improve your experience on our site.", "Accept all cookies",
                          "Manage preferences"],
        "social-share": ["Share this article", "Share on Facebook", "Tweet", "Copy link", "Comments (12)"],
        "related-content": ["Related stories", "You may also like", "Most read", "More from Local News"],
        "advertising": ["Advertisement", "Sponsored content", "Story continues below advertisement"],
        "legal-footer": ["© 2025 Harbour Courier Media. All rights reserved.",
                         "Privacy Policy | Terms of Use | Contact Us", "Do not sell my personal information"],
    },
    "de": {
        "nav": ["Startseite", "Region", "Wirtschaft", "Sport", "Meinung", "Politik"],
        "paywall": ["Weiterlesen mit Stadtbote+", "Dieser Artikel ist nur für Abonnenten verfügbar.",
                    "Bereits registriert? Hier einloggen"],
        "app-promo": ["Laden Sie jetzt unsere App herunter – erhältlich im App Store und bei Google Play."],
        "subscription-nag": ["Jetzt 4 Wochen für 0,99 € testen", "Jetzt testen", "Monatlich kündbar."],
        "newsletter": ["Jetzt Newsletter abonnieren", "Ihre E-Mail-Adresse"],
        "cookie-notice": ["Wir verwenden Cookies, um Ihnen ein besseres Nutzungserlebnis zu bieten.",
                          "Alle akzeptieren"],
        "social-share": ["Artikel teilen", "Auf Facebook teilen", "Link kopieren"],
        "related-content": ["Das könnte Sie auch interessieren", "Meistgelesen", "Mehr zum Thema"],
        "advertising": ["Anzeige", "Werbung"],
        "legal-footer": ["© 2025 Stadtbote | Impressum | Datenschutz | Kontakt"],
    },
    "fr": {
        "nav": ["Accueil", "Actualités", "Économie", "Sports", "Opinions"],
        "paywall": ["Cet article est réservé aux abonnés.", "Déjà abonné ? Se connecter"],
        "app-promo": ["Téléchargez notre application sur l’App Store et Google Play."],
        "subscription-nag": ["Abonnez-vous dès 1 € le premier mois", "Sans engagement."],
        "newsletter": ["Inscrivez-vous à notre newsletter", "Votre adresse e-mail"],
        "cookie-notice": ["Nous utilisons des cookies pour améliorer votre expérience.", "Tout accepter"],
        "social-share": ["Partager cet article", "Partager sur Facebook"],
        "related-content": ["À lire aussi", "Les plus lus", "Sur le même sujet"],
        "advertising": ["Publicité"],
        "legal-footer": ["© 2025 Le Riverain – Mentions légales – Confidentialité"],
    },
    "es": {
        "nav": ["Portada", "Local", "Economía", "Deportes", "Opinión"],
        "paywall": ["Este contenido es exclusivo para suscriptores.", "¿Ya eres suscriptor? Inicia sesión"],
        "app-promo": ["Descarga nuestra app en App Store y Google Play."],
        "subscription-nag": ["Suscríbete por 1 € al mes", "Cancela cuando quieras."],
        "newsletter": ["Suscríbete a nuestro boletín", "Tu correo electrónico"],
        "cookie-notice": ["Utilizamos cookies para mejorar tu experiencia.", "Aceptar todas"],
        "social-share": ["Compartir en Facebook", "Copiar enlace"],
        "related-content": ["Te puede interesar", "Lo más leído", "Más noticias"],
        "advertising": ["Publicidad"],
        "legal-footer": ["© 2025 Diario del Puerto · Aviso legal · Privacidad"],
    },
    "it": {
        "nav": ["Home", "Cronaca", "Economia", "Sport", "Opinioni"],
        "paywall": ["Questo articolo è riservato agli abbonati.", "Sei già abbonato? Accedi"],
        "app-promo": ["Scarica la nostra app su App Store e Google Play."],
        "subscription-nag": ["Abbonati a 1 € al mese", "Disdici quando vuoi."],
        "newsletter": ["Iscriviti alla newsletter", "Il tuo indirizzo email"],
        "cookie-notice": ["Utilizziamo i cookie per migliorare la tua esperienza.", "Accetta tutti"],
        "social-share": ["Condividi su Facebook", "Copia link"],
        "related-content": ["Potrebbe interessarti anche", "I più letti"],
        "advertising": ["Pubblicità"],
        "legal-footer": ["© 2025 Gazzetta del Borgo – P.IVA 01234567890 – Privacy"],
    },
    "nl": {
        "nav": ["Home", "Regio", "Economie", "Sport", "Opinie"],
        "paywall": ["Dit artikel is alleen voor abonnees.", "Al abonnee? Log in"],
        "app-promo": ["Download onze app in de App Store en Google Play."],
        "subscription-nag": ["Neem een abonnement voor € 1 per week", "Maandelijks opzegbaar."],
        "newsletter": ["Schrijf je in voor onze nieuwsbrief", "Je e-mailadres"],
        "cookie-notice": ["Wij gebruiken cookies om je ervaring te verbeteren.", "Alles accepteren"],
        "social-share": ["Deel op Facebook", "Kopieer link"],
        "related-content": ["Lees ook", "Meest gelezen"],
        "advertising": ["Advertentie"],
        "legal-footer": ["© 2025 Dagblad van de Dijk – Privacy – Voorwaarden"],
    },
    "pl": {
        "nav": ["Strona główna", "Region", "Gospodarka", "Sport", "Opinie"],
        "paywall": ["Ten artykuł jest dostępny tylko dla subskrybentów.", "Masz już konto? Zaloguj się"],
        "app-promo": ["Pobierz naszą aplikację z App Store i Google Play."],
        "subscription-nag": ["Subskrypcja za 1 zł przez pierwszy miesiąc", "Zrezygnuj w każdej chwili."],
        "newsletter": ["Zapisz się do naszego newslettera", "Twój adres e-mail"],
        "cookie-notice": ["Używamy plików cookie, aby poprawić Twoje wrażenia.", "Akceptuję wszystkie"],
        "social-share": ["Udostępnij na Facebooku", "Skopiuj link"],
        "related-content": ["Zobacz także", "Najczęściej czytane"],
        "advertising": ["Reklama"],
        "legal-footer": ["© 2025 Gazeta Nadrzeczna – Polityka prywatności – Regulamin"],
    },
    "pt": {
        "nav": ["Início", "Local", "Economia", "Desporto", "Opinião"],
        "paywall": ["Este artigo é exclusivo para assinantes.", "Já é assinante? Entrar"],
        "app-promo": ["Descarregue a nossa app na App Store e no Google Play."],
        "subscription-nag": ["Assine por 1 € por mês", "Cancele quando quiser."],
        "newsletter": ["Subscreva a nossa newsletter", "O seu endereço de e-mail"],
        "cookie-notice": ["Utilizamos cookies para melhorar a sua experiência.", "Aceitar todos"],
        "social-share": ["Partilhar no Facebook", "Copiar link"],
        "related-content": ["Leia também", "Mais lidas"],
        "advertising": ["Publicidade"],
        "legal-footer": ["© 2025 Jornal da Ribeira – Política de privacidade – Termos"],
    },
}
LANGUAGES = ("en",) * 12 + ("de", "de", "fr", "es", "it", "nl", "pl", "pt")
NAMES = ("Ana Duarte", "Tobias Renner", "Claire Martin", "Jonas Berg", "Marta Kowalska", "Luca Bianchi",
         "Priya Nair", "Sam O’Neill", "Inés García", "Pieter de Vries")


def _sentence(rng: random.Random, words: list[str], lang: str) -> str:
    chosen = [rng.choice(words) for _ in range(rng.randint(9, 26))]
    if lang == "en" and rng.random() < 0.08:  # a quotation with typographic marks
        at = rng.randrange(1, len(chosen) - 2)
        chosen[at] = "“" + chosen[at]
        chosen[at + 2] = chosen[at + 2] + "”"
    if rng.random() < 0.15:
        chosen.insert(rng.randrange(1, len(chosen)), "–" if lang != "en" else "—")
    if rng.random() < 0.2:
        chosen.insert(rng.randrange(1, len(chosen)), str(rng.randint(2, 2025)))
    text = " ".join(chosen)
    return text[0].upper() + text[1:] + rng.choice(".....?!")


def _pick(rng: random.Random, lang: str, category: str, k: int = 1) -> list[str]:
    lines = BOILERPLATE[lang][category]
    return [rng.choice(lines) for _ in range(k)]


def page(rng: random.Random, size: int, lang: str | None = None) -> str:
    """One page of about ``size`` bytes of UTF-8 (at least one paragraph)."""
    lang = lang or rng.choice(LANGUAGES)
    words = WORDS_BY_LANGUAGE[lang]
    noisy = rng.random() < 0.8
    title = _sentence(rng, words, lang).rstrip(".?!")[:90]
    head: list[str] = []
    if noisy:
        head += _pick(rng, lang, "nav", rng.randint(1, 5))
        if rng.random() < 0.3:
            head += _pick(rng, lang, "cookie-notice", 2)
    head += [title] * (2 if noisy and rng.random() < 0.4 else 1)
    head += ["", f"{rng.choice(NAMES)}", f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.2025 {rng.randint(6, 22)}:15", ""]
    tail: list[str] = []
    if noisy:
        for category, chance, count in (("paywall", 0.25, 2), ("subscription-nag", 0.2, 2),
                                        ("app-promo", 0.3, 1), ("related-content", 0.6, 1),
                                        ("social-share", 0.4, 2), ("legal-footer", 0.7, 1)):
            if rng.random() < chance:
                tail += [""] + _pick(rng, lang, category, count)
                if category == "related-content":
                    tail += [_sentence(rng, words, lang).rstrip(".?!")[:70] for _ in range(rng.randint(2, 5))]
    body: list[str] = []
    used = sum(_bytes(line) + 1 for line in head + tail)
    while size - used > 80 or not body:
        if noisy and body and rng.random() < 0.12:
            inserted = _pick(rng, lang, rng.choice(("newsletter", "advertising", "related-content", "app-promo")))
            body += inserted + [""]
            used += sum(_bytes(line) + 1 for line in inserted) + 1
        sentences = [_sentence(rng, words, lang) for _ in range(rng.randint(2, 6))]
        while len(sentences) > 1 and used + _bytes(" ".join(sentences)) + 2 > size:
            sentences.pop()  # the last paragraph is cut short so the page keeps to its size
        paragraph = " ".join(sentences)
        body += [paragraph, ""]
        used += _bytes(paragraph) + 2
    return "\n".join(head + body + tail).strip("\n") + "\n"


def _bytes(line: str) -> int:
    return len(line.encode("utf-8"))


def generate(count: int, seed: int = 7, *, min_bytes: int = 2130, max_bytes: int = 9990) -> Iterator[dict[str, object]]:
    """``count`` JSONL records ``{"id", "url", "lang", "text"}``, the same for the same seed."""
    rng = random.Random(seed)
    for number in range(count):
        lang = rng.choice(LANGUAGES)
        text = page(rng, rng.randint(min_bytes, max_bytes), lang)
        yield {"id": f"p{number:07d}", "url": f"https://news.example/{lang}/{number}", "lang": lang, "text": text}


def write_corpus(path: Path, count: int, seed: int = 7, **sizes: int) -> Path:
    """Write ``generate(count, seed)`` to ``path`` as JSONL (UTF-8) and return it."""
    with open(path, "w", encoding="utf-8") as out:
        for record in generate(count, seed, **sizes):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--min-bytes", type=int, default=2130)
    parser.add_argument("--max-bytes", type=int, default=9990)
    args = parser.parse_args(argv)
    for record in generate(args.docs, args.seed, min_bytes=args.min_bytes, max_bytes=args.max_bytes):
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
