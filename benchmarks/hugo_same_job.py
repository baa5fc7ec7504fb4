"""The same job as claimsite, done by Hugo: a Hugo site made from benchmarks/generate.py's
articles with a page per article, claim, speaker, outlet and topic, as claimsite makes.

    python benchmarks/hugo_same_job.py CONTENT_DIR HUGO_SITE_DIR   # write the Hugo site
    hugo --source HUGO_SITE_DIR                                      # build it

run.py measures it as `hugo-same-job` (and `hugo-same-job+pagefind`). What the site holds:

- content/articles/<slug>.md: an article's front matter (title, date, outlet, original
  address, topics, the ids of the claims it reports) and its text. The article's page shows
  its outlet, date, original, topics, the claims it reports (each with its speaker and how
  many other reports it has) and its text with every quote marked, as claimsite's does.
- content/claims/<id>.md: a claim file per claim id (claims as content files): the editors'
  summary as its title, its date (the latest report's publication date, as claimsite infers
  it), its speaker, topics and the outlets that reported it (as taxonomies), and its reports,
  each an article and the quote it prints. The claim's page shows the speaker and role, the
  lead quote, the summary, the topics and every report with its quote and links.
- speakers, outlets, topics: Hugo taxonomies of the claims (outlets of the articles too),
  each term with a content file of its own (content/speakers/<key>/_index.md: name, role,
  aliases; outlets: name, homepage). A term's page lists its claims newest first (an
  outlet's also its articles); past claimsite's GROUP_ONE_PAGE claims it shows the newest
  GROUP_NEWEST and links a page per year, which is a content file in claim-years/ (Hugo
  makes no page that no content file or term asks for).
- the timeline: a page per month (a `months` taxonomy of the claims) and an overview;
  the articles: a page per year (a `years` taxonomy of the articles) and an overview, where
  claimsite splits them (more than 500 claims, more than 500 articles).
- the home page (counts, the newest claims, the top speakers, every topic), the lists of
  speakers, outlets and topics, search, methodology, corrections and 404 pages; claims.json
  and claims.csv (Hugo output formats of the home page; claimsite's claims.db has no Hugo
  counterpart), claimsite's static files; no feed and no sitemap (claimsite writes neither
  without a base_url, as in the benchmark).
- Pagefind reads what claimsite's search reads: only claim and article pages
  (data-pagefind-body), with the same filters (type, speaker, outlet, topic, year).

Not done by Hugo here: "How the reports differ" (claimsite's word-by-word comparison of
the quotes of a claim) and every check claimsite makes (quotes found in the text, dates,
registry keys); claimsite's claims.db.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
from collections import defaultdict
from pathlib import Path

# As claimsite's lists.py: past these, a list is split into pages.
GROUP_ONE_PAGE = 100
GROUP_NEWEST = 10
TIMELINE_ONE_PAGE = 500
ARTICLES_ONE_PAGE = 500

CONFIG = """\
baseURL = "https://example.org/"
title = {title}
languageCode = "en"
relativeURLs = true
uglyURLs = true      # claims/claim-1.html, as claimsite's addresses
buildFuture = true   # generate.py dates run into the 2040s at large N
enableRobotsTXT = false
disableKinds = ["rss", "sitemap"]  # claimsite writes no feed or sitemap without a base_url

[params]
description = {description}

[taxonomies]
speaker = "speakers"
outlet = "outlets"
topic = "topics"
month = "months"
year = "years"

[permalinks.term]  # claimsite's addresses: timeline/2020-01.html, articles-2020.html
months = "/timeline/:slug"
years = "/articles-:slug"

[outputFormats.claimsjson]
mediaType = "application/json"
baseName = "claims"
isPlainText = true
[outputFormats.claimscsv]
mediaType = "text/csv"
baseName = "claims"
isPlainText = true

[outputs]
home = ["html", "claimsjson", "claimscsv"]
section = ["html"]
taxonomy = ["html"]
term = ["html"]
page = ["html"]

[markup.goldmark.renderer]
unsafe = false
"""

INFERRED = "the report does not say when; this is the date it was published"

BASEOF = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" type="image/svg+xml" href="{{ "static/favicon.svg" | relURL }}">
<title>{{ block "title" . }}{{ .Title }}{{ end }} · {{ site.Title }}</title>
<meta name="description" content="{{ site.Params.description }}">
<link rel="stylesheet" href="{{ "static/style.css" | relURL }}">
{{- block "head" . }}{{ end }}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site-header">
  <div class="wrap">
    <a class="brand" href="{{ "index.html" | relURL }}">{{ site.Title }}</a>
    <nav aria-label="Site">
      <ul>
        <li><a href="{{ "timeline.html" | relURL }}"{{ if eq .Section "claims" }} aria-current="page"{{ end }}>Timeline</a></li>
        <li><a href="{{ "speakers.html" | relURL }}"{{ if eq .Section "speakers" }} aria-current="page"{{ end }}>Speakers</a></li>
        <li><a href="{{ "outlets.html" | relURL }}"{{ if eq .Section "outlets" }} aria-current="page"{{ end }}>Outlets</a></li>
        <li><a href="{{ "topics.html" | relURL }}"{{ if eq .Section "topics" }} aria-current="page"{{ end }}>Topics</a></li>
        <li><a href="{{ "articles.html" | relURL }}"{{ if eq .Section "articles" }} aria-current="page"{{ end }}>Articles</a></li>
        <li><a href="{{ "search.html" | relURL }}">Search</a></li>
      </ul>
    </nav>
    <form class="site-search" role="search" action="{{ "search.html" | relURL }}" method="get">
      <label class="visually-hidden" for="site-search">Search claims and articles</label>
      <input id="site-search" type="search" name="q" placeholder="Search claims" autocomplete="off">
      <button type="submit">Search</button>
    </form>
  </div>
</header>
<main id="main" class="wrap">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer">
  <div class="wrap">
    <p>{{ site.Title }} lists what was said and where it was reported; follow each claim to its sources.</p>
    <p><a href="{{ "methodology.html" | relURL }}">How this tracker works</a>
      · <a href="{{ "corrections.html" | relURL }}">Corrections</a></p>
    <p>Data: <a href="{{ "claims.json" | relURL }}">claims.json</a> · <a href="{{ "claims.csv" | relURL }}">claims.csv</a></p>
  </div>
</footer>
</body>
</html>
"""

# The partials claimsite's _macros.html has: a list of claims, a date, a pager.
DATE = """<time datetime="{{ .date.Format "2006-01-02" }}">{{ .date.Format "January 2, 2006" }}</time>
{{- if .inferred }} <abbr class="inferred" title="Inferred by the editors: """ + INFERRED + """">(inferred)</abbr>{{ end }}"""

CLAIM_LIST = """{{ $show := .show_speaker }}
<ol class="claims">
{{- range .claims }}
  <li class="claim-item">
    <a class="assertion" href="{{ .RelPermalink }}">{{ .Title }}</a>
    <p class="meta">
      {{ if $show }}{{ with (index site.Taxonomies.speakers (index .Params.speakers 0)).Page }}<span class="speaker">{{ .LinkTitle }}</span> · {{ end }}{{ end -}}
      <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "January 2, 2006" }}</time>
      {{- if .Params.date_inferred }} <abbr class="inferred" title="Inferred by the editors: """ + INFERRED + """">(inferred)</abbr>{{ end }}
      · {{ $n := len .Params.reports }}{{ $n }} report{{ if ne $n 1 }}s{{ end }}
    </p>
  </li>
{{- end }}
</ol>
"""

ARTICLE_ROWS = """<ol class="directory">
{{- range . }}
  <li>
    <a href="{{ .RelPermalink }}">{{ .Title }}</a>
    <span class="meta">{{ with (index site.Taxonomies.outlets (index .Params.outlets 0)).Page }}{{ .LinkTitle }}{{ end }} · {{ partial "date.html" (dict "date" .Date) }} · {{ $n := len .Params.claims }}{{ $n }} claim{{ if ne $n 1 }}s{{ end }}</span>
  </li>
{{- end }}
</ol>
"""

PAGER = """{{ if or .newer .older }}
<nav class="pager" aria-label="Other {{ .what }}">
  {{ with .newer }}<a rel="prev" href="{{ .url | relURL }}">← {{ .label }}</a>{{ end }}
  {{ with .older }}<a rel="next" href="{{ .url | relURL }}">{{ .label }} →</a>{{ end }}
</nav>
{{ end }}"""

TOPIC_LINKS = """{{ with . }}
<ul class="tags" aria-label="Topics" data-pagefind-ignore>
{{- range . }}
  <li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>
{{- end }}
</ul>
{{ end }}"""

# A claim file's reports, each with its article's page and outlet: [dict article quote outlet].
REPORTS = """{{ $reports := slice }}
{{- range .Params.reports }}
{{- $article := site.GetPage (printf "/articles/%s" .article) }}
{{- $reports = $reports | append (dict "article" $article "quote" .quote "outlet" (index site.Taxonomies.outlets (index $article.Params.outlets 0)).Page) }}
{{- end }}
{{- return $reports }}"""

# A page's terms of a taxonomy (dict page plural): their pages, by the keys in its front
# matter, from the taxonomy's map (as the speaker's or outlet's page is found elsewhere here).
TERMS = """{{ $terms := slice }}
{{- $taxonomy := index site.Taxonomies .plural }}
{{- range index .page.Params .plural }}{{ $terms = $terms | append (index $taxonomy .).Page }}{{ end }}
{{- return $terms }}"""

# A speaker's, outlet's or topic's claims, newest first, and by year: made once per term.
GROUP_CLAIMS = """{{ $claims := where .Pages "Section" "claims" }}
{{- return dict "claims" $claims "years" ($claims.GroupByDate "2006") }}"""

CLAIM = """{{ define "title" }}{{ with (index site.Taxonomies.speakers (index .Params.speakers 0)).Page }}{{ .LinkTitle }}{{ end }}: {{ .Title }}{{ end }}
{{ define "head" }}
{{- $reports := partialCached "reports.html" . .Path }}
{{- $speaker := (index site.Taxonomies.speakers (index .Params.speakers 0)).Page }}
{{- $appearances := slice }}
{{- range $reports }}{{ $outlet := .outlet }}
{{- $appearances = $appearances | append (dict "@type" "NewsArticle" "headline" .article.Title "inLanguage" "en" "url" .article.Params.source_url "datePublished" (.article.Date.Format "2006-01-02") "publisher" (dict "@type" "Organization" "name" $outlet.LinkTitle) "text" .quote) }}
{{- end }}
<script type="application/ld+json">
{{ dict "@context" "https://schema.org" "@type" "Claim" "name" .Title "inLanguage" "en" "author" (dict "@type" "Person" "name" $speaker.LinkTitle) "appearance" $appearances "firstAppearance" (index $appearances 0) "datePublished" (.Date.Format "2006-01-02") | jsonify | safeJS }}
</script>
{{- end }}
{{ define "main" }}
{{- $reports := partialCached "reports.html" . .Path }}
{{- $lead := index $reports 0 }}
{{- $speaker := (index site.Taxonomies.speakers (index .Params.speakers 0)).Page }}
{{- $id := .File.ContentBaseName }}
<article class="claim" data-pagefind-body>
  <span hidden data-pagefind-filter="type:Claim" data-pagefind-meta="type:Claim"></span>
  <span hidden data-pagefind-filter="speaker:{{ $speaker.LinkTitle }}" data-pagefind-meta="speaker:{{ $speaker.LinkTitle }}"></span>
  <span hidden data-pagefind-filter="year:{{ .Date.Year }}" data-pagefind-meta="date:{{ .Date.Format "January 2, 2006" }}"></span>
  {{- range partial "terms.html" (dict "page" . "plural" "topics") }}<span hidden data-pagefind-filter="topic:{{ .LinkTitle }}"></span>{{ end }}
  {{- range partial "terms.html" (dict "page" . "plural" "outlets") }}<span hidden data-pagefind-filter="outlet:{{ .LinkTitle }}"></span>{{ end }}
  <header class="claim-head">
    <p class="kicker"><a href="{{ $speaker.RelPermalink }}">{{ $speaker.LinkTitle }}</a>{{ with $speaker.Params.role }}<span data-pagefind-ignore>, {{ . }}</span>{{ end }}</p>
    <h1 class="words"><q>{{ $lead.quote }}</q></h1>
    <p class="meta" data-pagefind-ignore>Said {{ partial "date.html" (dict "date" .Date "inferred" .Params.date_inferred) }} · quoted by
      {{ $lead.outlet.LinkTitle }} · reported by {{ len $reports }} article{{ if ne (len $reports) 1 }}s{{ end }}</p>
    <div class="summary">
      <p class="label" data-pagefind-ignore>Editors' summary <span class="muted">(our words, not a quotation)</span></p>
      <p class="assertion">{{ .Title }}</p>
    </div>
    {{ if .Params.date_inferred }}<div data-pagefind-ignore><details class="basis"><summary>How the date was inferred</summary><p>""" + INFERRED + """</p></details></div>{{ end }}
    {{ partial "topic-links.html" (partial "terms.html" (dict "page" . "plural" "topics")) }}
  </header>

  <section aria-labelledby="reports">
    <h2 id="reports" data-pagefind-ignore>Reports</h2>
    <ol class="appearances">
    {{- range $reports }}{{ $a := .article }}{{ $quote := .quote }}
      <li class="appearance">
        <h3 data-pagefind-ignore><a href="{{ $a.RelPermalink }}">{{ $a.Title }}</a></h3>
        <p class="meta" data-pagefind-ignore>
          {{ with .outlet }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}
          · published {{ partial "date.html" (dict "date" $a.Date) }}
        </p>
        <blockquote>
          <p>{{ .quote }}</p>
        </blockquote>
        <dl class="facts">
          <dt data-pagefind-ignore>Dated</dt><dd data-pagefind-ignore>not dated by this report</dd>
        </dl>
        <ul class="links" data-pagefind-ignore>
          <li><a href="{{ $a.RelPermalink }}#quote-{{ $id }}">Read the passage in the article</a></li>
          {{- with $a.Params.source_url }}
          <li><a href="{{ . }}" rel="noopener noreferrer nofollow">Original at {{ (urls.Parse .).Host }}</a></li>
          <li><a href="{{ . }}#:~:text={{ replace ($quote | urlquery) "+" "%20" }}" rel="noopener noreferrer nofollow">Jump to the quote in the original</a></li>
          {{- end }}
        </ul>
      </li>
    {{- end }}
    </ol>
  </section>
</article>
{{ end }}
"""

ARTICLE = """{{ define "main" }}
{{- $slug := .File.ContentBaseName }}
{{- $outlet := (index site.Taxonomies.outlets (index .Params.outlets 0)).Page }}
{{- $topics := slice }}{{ range .Params.topic_keys }}{{ with index site.Taxonomies.topics . }}{{ $topics = $topics | append .Page }}{{ end }}{{ end }}
{{- $claims := slice }}{{ range .Params.claims }}{{ $claims = $claims | append (site.GetPage (printf "/claims/%s" .)) }}{{ end }}
<article class="source" data-pagefind-body>
  <span hidden data-pagefind-filter="type:Article" data-pagefind-meta="type:Article"></span>
  <span hidden data-pagefind-filter="year:{{ .Date.Year }}" data-pagefind-meta="date:{{ .Date.Format "January 2, 2006" }}"></span>
  <span hidden data-pagefind-filter="outlet:{{ $outlet.LinkTitle }}" data-pagefind-meta="source:{{ $outlet.LinkTitle }}"></span>
  {{- range $topics }}<span hidden data-pagefind-filter="topic:{{ .LinkTitle }}"></span>{{ end }}
  <header>
    <p class="kicker"><a href="{{ $outlet.RelPermalink }}">{{ $outlet.LinkTitle }}</a></p>
    <h1>{{ .Title }}</h1>
    <dl class="facts" data-pagefind-ignore>
      <dt>Published</dt><dd>{{ partial "date.html" (dict "date" .Date) }}</dd>
      <dt>Original</dt><dd>{{ with .Params.source_url }}<a href="{{ . }}" rel="noopener noreferrer nofollow">{{ . }}</a>{{ else }}no link known{{ end }}</dd>
    </dl>
    {{ partial "topic-links.html" $topics }}
  </header>

  <section aria-labelledby="claims-here" data-pagefind-ignore>
    <h2 id="claims-here">Claims in this article</h2>
    <ol class="claims">
    {{- range $claims }}{{ $others := sub (len .Params.reports) 1 }}
      <li class="claim-item">
        <a class="assertion" href="{{ .RelPermalink }}">{{ .Title }}</a>
        <p class="meta">
          <span>{{ with (index site.Taxonomies.speakers (index .Params.speakers 0)).Page }}{{ .LinkTitle }}{{ end }}</span>
          · <a href="#quote-{{ .File.ContentBaseName }}">quoted below</a>
          {{- if $others }}
          · also in {{ $others }} other report{{ if ne $others 1 }}s{{ end }}
          {{- end }}
        </p>
      </li>
    {{- end }}
    </ol>
  </section>

  <section class="text" aria-labelledby="text">
    <h2 id="text">Article text</h2>
    <div class="body">
    {{- $body := .Content }}
    {{- range $claims }}{{ $claim := . }}
    {{- range .Params.reports }}{{ if eq .article $slug }}
    {{- $body = replace $body .quote (printf `<mark id="quote-%s">%s</mark><a class="claim-ref" data-pagefind-ignore href="%s" aria-label="Claim: %s">↗</a>` $claim.File.ContentBaseName .quote $claim.RelPermalink $claim.Title) 1 }}
    {{- end }}{{ end }}
    {{- end }}
{{ $body | safeHTML }}
    </div>
  </section>
</article>
{{ end }}
"""

# A speaker's, outlet's or topic's page (claimsite's speaker.html, outlet.html, topic.html).
GROUP_TERM = """{{ define "main" }}
{{- $group := partialCached "group-claims.html" . .Path }}
{{- $claims := $group.claims }}
{{- $split := gt (len $claims) """ + str(GROUP_ONE_PAGE) + """ }}
<header class="page-header">
  <p class="kicker">{{ .Params.kicker }}</p>
  <h1>{{ .Title }}</h1>
  {{ with .Params.role }}<p class="lede">{{ . }}</p>{{ end }}
  {{ with .Params.aliases_shown }}<p class="meta">Also reported as: {{ delimit . ", " }}</p>{{ end }}
  {{ with .Params.homepage }}<p class="meta"><a href="{{ . }}" rel="noopener noreferrer nofollow">Homepage</a></p>{{ end }}
</header>
{{- if eq .Data.Plural "outlets" }}
<section aria-labelledby="articles-here">
  <h2 id="articles-here">Articles</h2>
  <ul class="plain">
  {{- range (where .Pages "Section" "articles").ByDate }}
    <li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <span class="meta">{{ partial "date.html" (dict "date" .Date) }}</span></li>
  {{- end }}
  </ul>
</section>
{{- end }}
<section aria-labelledby="said">
  <h2 id="said">{{ if $split }}Latest claims{{ else }}Claims, newest first{{ end }}</h2>
  {{ partial "claim-list.html" (dict "claims" (cond $split (first """ + str(GROUP_NEWEST) + """ $claims) $claims) "show_speaker" (ne .Data.Plural "speakers")) }}
</section>
{{- if $split }}
<section aria-labelledby="by-year">
  <h2 id="by-year">All claims, by year</h2>
  <ul class="periods">
  {{- range $group.years }}
    <li><a href="{{ printf "/%s/%s/%s.html" $.Data.Plural $.Data.Term .Key | relURL }}">{{ .Key }}</a> <span class="count">{{ len .Pages }}</span></li>
  {{- end }}
  </ul>
</section>
{{- end }}
{{ end }}
"""

# A page of one year of a speaker's, outlet's or topic's claims (claimsite's claims-year.html).
GROUP_YEAR = """{{ define "title" }}{{ (site.GetPage (printf "/%s/%s" .Params.group .Params.key)).LinkTitle }}, {{ .Params.year }}{{ end }}
{{ define "main" }}
{{- $group := site.GetPage (printf "/%s/%s" .Params.group .Params.key) }}
{{- $years := (partialCached "group-claims.html" $group $group.Path).years }}
{{- $here := . }}{{ $newer := false }}{{ $older := false }}{{ $claims := slice }}
{{- range $i, $y := $years }}{{ if eq $y.Key (string $here.Params.year) }}
{{- $claims = $y.Pages }}
{{- if gt $i 0 }}{{ $k := (index $years (sub $i 1)).Key }}{{ $newer = dict "label" $k "url" (printf "/%s/%s/%s.html" $here.Params.group $here.Params.key $k) }}{{ end }}
{{- if lt (add $i 1) (len $years) }}{{ $k := (index $years (add $i 1)).Key }}{{ $older = dict "label" $k "url" (printf "/%s/%s/%s.html" $here.Params.group $here.Params.key $k) }}{{ end }}
{{- end }}{{ end }}
<p class="kicker">{{ $group.Params.kicker }}: <a href="{{ $group.RelPermalink }}">{{ $group.LinkTitle }}</a></p>
<h1>{{ $group.LinkTitle }}, {{ .Params.year }}</h1>
{{ partial "claim-list.html" (dict "claims" $claims "show_speaker" (ne .Params.group "speakers")) }}
{{ partial "pager.html" (dict "newer" $newer "older" $older "what" "years") }}
{{ end }}
"""

GROUP_TAXONOMY = """{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="directory">
{{- range .Pages.ByTitle }}
  {{- $claims := len (where .Pages "Section" "claims") }}
  <li>
    <a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>
    <span class="meta">{{ with .Params.role }}{{ . }} · {{ end }}
    {{- if eq $.Data.Plural "outlets" }}{{ $n := len (where .Pages "Section" "articles") }}{{ $n }} article{{ if ne $n 1 }}s{{ end }} · {{ end -}}
    {{ $claims }} claim{{ if ne $claims 1 }}s{{ end }}</span>
  </li>
{{- end }}
</ul>
{{ end }}
"""

# The timeline: claimsite's timeline.html (periods by year) and timeline-period.html.
TIMELINE = """{{ define "title" }}Timeline{{ end }}
{{ define "main" }}
<h1>Timeline</h1>
{{- with site.Taxonomies.months }}
{{- $year := "" }}
{{- range .Alphabetical.Reverse }}{{ $y := substr .Name 0 4 }}
{{- if ne $y $year }}{{ if $year }}</ul></section>{{ end }}{{ $year = $y }}
<section aria-labelledby="year-{{ $y }}">
  <h2 id="year-{{ $y }}">{{ $y }}</h2>
  <ul class="periods">
{{- end }}
    <li><a href="{{ .Page.RelPermalink }}">{{ (time.AsTime (printf "%s-01" .Name)).Format "January 2006" }}</a> <span class="count">{{ .Count }}</span></li>
{{- end }}
  </ul></section>
{{- else }}
{{- range (where site.RegularPages "Section" "claims").GroupByDate "January 2006" }}
<section><h2>{{ .Key }}</h2>{{ partial "claim-list.html" (dict "claims" .Pages "show_speaker" true) }}</section>
{{- end }}
{{- end }}
{{ end }}
"""

MONTH = """{{ define "title" }}{{ (time.AsTime (printf "%s-01" .Title)).Format "January 2006" }} · Timeline{{ end }}
{{ define "main" }}
{{- $months := site.Taxonomies.months.Alphabetical.Reverse }}
{{- $here := .Data.Term }}{{ $newer := false }}{{ $older := false }}
{{- range $i, $m := $months }}{{ if eq $m.Name $here }}
{{- if gt $i 0 }}{{ $p := index $months (sub $i 1) }}{{ $newer = dict "label" ((time.AsTime (printf "%s-01" $p.Name)).Format "January 2006") "url" $p.Page.RelPermalink }}{{ end }}
{{- if lt (add $i 1) (len $months) }}{{ $p := index $months (add $i 1) }}{{ $older = dict "label" ((time.AsTime (printf "%s-01" $p.Name)).Format "January 2006") "url" $p.Page.RelPermalink }}{{ end }}
{{- end }}{{ end }}
<p class="kicker"><a href="{{ "timeline.html" | relURL }}">Timeline</a></p>
<h1 id="{{ .Data.Term }}">{{ (time.AsTime (printf "%s-01" .Data.Term)).Format "January 2006" }}</h1>
{{ partial "claim-list.html" (dict "claims" .Pages "show_speaker" true) }}
{{ partial "pager.html" (dict "newer" $newer "older" $older "what" "periods") }}
{{ end }}
"""

ARTICLES = """{{ define "main" }}
<h1>Articles</h1>
{{- with site.Taxonomies.years }}
<ul class="periods">
{{- range .Alphabetical.Reverse }}
  <li><a href="{{ .Page.RelPermalink }}">{{ .Name }}</a> <span class="count">{{ .Count }}</span></li>
{{- end }}
</ul>
{{- else }}
{{ partial "article-rows.html" .Pages }}
{{- end }}
{{ end }}
"""

ARTICLES_YEAR = """{{ define "title" }}Articles of {{ .Data.Term }}{{ end }}
{{ define "main" }}
{{- $years := site.Taxonomies.years.Alphabetical.Reverse }}
{{- $here := .Data.Term }}{{ $newer := false }}{{ $older := false }}
{{- range $i, $y := $years }}{{ if eq $y.Name $here }}
{{- if gt $i 0 }}{{ $p := index $years (sub $i 1) }}{{ $newer = dict "label" $p.Name "url" $p.Page.RelPermalink }}{{ end }}
{{- if lt (add $i 1) (len $years) }}{{ $p := index $years (add $i 1) }}{{ $older = dict "label" $p.Name "url" $p.Page.RelPermalink }}{{ end }}
{{- end }}{{ end }}
<p class="kicker"><a href="{{ "articles.html" | relURL }}">Articles</a></p>
<h1>{{ .Data.Term }}</h1>
{{ partial "article-rows.html" .Pages }}
{{ partial "pager.html" (dict "newer" $newer "older" $older "what" "years") }}
{{ end }}
"""

HOME = """{{ define "title" }}Home{{ end }}
{{ define "main" }}
{{- $claims := where site.RegularPages "Section" "claims" }}
<section class="intro">
  <h1>{{ site.Title }}</h1>
  <p class="lede">{{ site.Params.description }}</p>
  <ul class="counts">
    <li><a href="{{ "timeline.html" | relURL }}"><strong>{{ len $claims }}</strong> claims</a></li>
    <li><a href="{{ "articles.html" | relURL }}"><strong>{{ len (where site.RegularPages "Section" "articles") }}</strong> articles</a></li>
    <li><a href="{{ "speakers.html" | relURL }}"><strong>{{ len site.Taxonomies.speakers }}</strong> speakers</a></li>
    <li><a href="{{ "outlets.html" | relURL }}"><strong>{{ len site.Taxonomies.outlets }}</strong> outlets</a></li>
    <li><a href="{{ "topics.html" | relURL }}"><strong>{{ len site.Taxonomies.topics }}</strong> topics</a></li>
  </ul>
</section>
<section aria-labelledby="newest">
  <h2 id="newest">Newest claims</h2>
  {{ partial "claim-list.html" (dict "claims" (first 12 $claims) "show_speaker" true) }}
  <p><a href="{{ "timeline.html" | relURL }}">All claims by date →</a></p>
</section>
<section aria-labelledby="browse">
  <h2 id="browse">Browse</h2>
  <div class="columns">
    <div>
      <h3>Speakers</h3>
      <ul class="plain">
      {{- range first 10 site.Taxonomies.speakers.ByCount }}
        <li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> <span class="count">{{ .Count }}</span></li>
      {{- end }}
      </ul>
    </div>
    <div>
      <h3>Topics</h3>
      <ul class="plain">
      {{- range site.Taxonomies.topics.Alphabetical }}
        <li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> <span class="count">{{ .Count }}</span></li>
      {{- end }}
      </ul>
    </div>
  </div>
</section>
{{ end }}
"""

# claims.json and claims.csv: every claim with its reports, as claimsite's exports list them.
CLAIMS_JSON = """{{- $claims := where site.RegularPages "Section" "claims" -}}
{"site": {{ dict "title" site.Title "base_url" nil | jsonify }},
 "claims": [
{{- range $i, $c := $claims }}{{ if $i }},{{ end }}
{{- $speaker := (index site.Taxonomies.speakers (index $c.Params.speakers 0)).Page }}
{{- $appearances := slice }}
{{- range partialCached "reports.html" $c $c.Path }}{{ $a := .article }}{{ $outlet := .outlet }}
{{- $appearances = $appearances | append (dict "article" (dict "slug" $a.File.ContentBaseName "page" (strings.TrimPrefix "/" $a.RelPermalink) "title" $a.Title "outlet" (index $a.Params.outlets 0) "outlet_name" $outlet.LinkTitle "url" $a.Params.source_url "published" ($a.Date.Format "2006-01-02")) "date" nil "date_inferred" "%s" "quote" .quote) }}
{{- end }}
{{ dict "id" $c.File.ContentBaseName "page" (strings.TrimPrefix "/" $c.RelPermalink) "speaker" (dict "key" (index $c.Params.speakers 0) "name" $speaker.LinkTitle "role" $speaker.Params.role) "date" ($c.Date.Format "2006-01-02") "date_inferred" "%s" "assertion" $c.Title "topics" $c.Params.topics "appearances" $appearances | jsonify }}
{{- end }}
]}
""".replace("%s", INFERRED)

CLAIMS_CSV = """claim_id,speaker,speaker_name,claim_date,assertion,topics,article,title,outlet,outlet_name,published,url,quote
{{ range where site.RegularPages "Section" "claims" }}{{ $c := . }}{{ $speaker := (index site.Taxonomies.speakers (index .Params.speakers 0)).Page }}
{{- range partialCached "reports.html" . .Path }}{{ $a := .article }}{{ $outlet := .outlet -}}
{{ $c.File.ContentBaseName }},{{ index $c.Params.speakers 0 }},"{{ replace $speaker.LinkTitle `"` `""` }}",{{ $c.Date.Format "2006-01-02" }},"{{ replace $c.Title `"` `""` }}",{{ delimit $c.Params.topics " " }},{{ $a.File.ContentBaseName }},"{{ replace $a.Title `"` `""` }}",{{ index $a.Params.outlets 0 }},"{{ replace $outlet.LinkTitle `"` `""` }}",{{ $a.Date.Format "2006-01-02" }},"{{ replace $a.Params.source_url `"` `""` }}","{{ replace .quote `"` `""` }}"
{{ end }}{{ end -}}
"""

SEARCH = """{{ define "main" }}
<h1>Search</h1>
<form id="search-form" class="search-form" role="search" action="{{ "search.html" | relURL }}" method="get">
  <div class="search-term">
    <label for="q">Words</label>
    <input id="q" type="search" name="q" placeholder="e.g. microelectronics" autocomplete="off">
    <button type="submit">Search</button>
  </div>
  <fieldset class="filters">
    <legend>Filters (work without words too)</legend>
    {{- range $plural, $name := dict "speakers" "Speaker" "outlets" "Outlet" "topics" "Topic" }}
    <label>{{ $name }}
      <select name="{{ strings.TrimSuffix "s" $plural }}">
        <option value="">Any {{ lower $name }}</option>
        {{- range (index site.Taxonomies $plural).Alphabetical }}
        <option data-key="{{ .Name }}">{{ .Page.LinkTitle }}</option>
        {{- end }}
      </select>
    </label>
    {{- end }}
  </fieldset>
</form>
<div id="search-results"></div>
<script src="{{ "pagefind/pagefind-ui.js" | relURL }}" defer></script>
{{ end }}
"""

PAGE = """{{ define "main" }}
<article class="prose">
<h1>{{ .Title }}</h1>
{{ .Content }}
</article>
{{ end }}
"""

NOT_FOUND = """{{ define "title" }}Page not found{{ end }}
{{ define "main" }}
<h1>Page not found</h1>
<p>There is no page at this address. Try the <a href="{{ "index.html" | relURL }}">home page</a> or <a href="{{ "search.html" | relURL }}">search</a>.</p>
{{ end }}
"""

# Hugo (v0.146 and later) finds these by name: a section's or taxonomy's folder first.
LAYOUTS = {
    "baseof.html": BASEOF,
    "home.html": HOME,
    "home.claimsjson.json": CLAIMS_JSON,
    "home.claimscsv.csv": CLAIMS_CSV,
    "page.html": PAGE,
    "404.html": NOT_FOUND,
    "search/page.html": SEARCH,
    "claims/page.html": CLAIM,
    "claims/section.html": TIMELINE,
    "articles/page.html": ARTICLE,
    "articles/section.html": ARTICLES,
    "claim-years/page.html": GROUP_YEAR,
    "speakers/term.html": GROUP_TERM,
    "outlets/term.html": GROUP_TERM,
    "topics/term.html": GROUP_TERM,
    "taxonomy.html": GROUP_TAXONOMY,
    "months/term.html": MONTH,
    "years/term.html": ARTICLES_YEAR,
    "_partials/date.html": DATE,
    "_partials/claim-list.html": CLAIM_LIST,
    "_partials/article-rows.html": ARTICLE_ROWS,
    "_partials/pager.html": PAGER,
    "_partials/topic-links.html": TOPIC_LINKS,
    "_partials/reports.html": REPORTS,
    "_partials/terms.html": TERMS,
    "_partials/group-claims.html": GROUP_CLAIMS,
}


def read_yaml(path: Path):
    import yaml  # PyYAML: claimsite's dependency, in the benchmark's venv
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def read_article(path: Path) -> tuple[dict, str]:
    import yaml
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front) or {}, body


def front_matter(fields: dict) -> str:
    """YAML front matter, each value written as JSON (which YAML reads)."""
    return "---\n" + "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in fields.items()) + "---\n"


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


class Site:
    """The claimsite content folder read once: articles, claims and registries."""

    def __init__(self, content: Path):
        self.site = read_yaml(content / "site.yaml")
        self.people = read_yaml(content / "people.yaml")
        self.outlets = read_yaml(content / "outlets.yaml")
        self.articles: dict[str, tuple[dict, str]] = {}
        self.claims: dict[str, dict] = {}
        for path in sorted((content / "articles").glob("*.md")):
            meta, body = read_article(path)
            self.articles[path.stem] = (meta, body)
            for entry in meta.get("claims") or []:
                claim = self.claims.setdefault(str(entry["id"]), {
                    "speaker": str(entry["speaker"]), "assertion": entry.get("assertion", ""),
                    "topics": [], "reports": []})
                claim["assertion"] = claim["assertion"] or entry.get("assertion", "")
                for topic in entry.get("topics") or []:
                    if topic not in claim["topics"]:
                        claim["topics"].append(topic)
                claim["reports"].append({"article": path.stem, "quote": entry.get("quote", "")})

    def published(self, slug: str) -> str:
        return str(self.articles[slug][0].get("published"))

    def claim_fields(self, claim_id: str, lastmod: str | None = None) -> dict:
        """A claim file's front matter. Its date is the latest report's publication date, as
        claimsite infers it for reports that give none (generate.py's give none)."""
        claim = self.claims[claim_id]
        reports = claim["reports"]
        date = max(self.published(r["article"]) for r in reports)
        topics = claim["topics"] or list(dict.fromkeys(
            t for r in reports for t in self.articles[r["article"]][0].get("topics") or []))
        outlets = list(dict.fromkeys(str(self.articles[r["article"]][0]["outlet"]) for r in reports
                                     if self.articles[r["article"]][0].get("outlet")))
        fields = {"title": claim["assertion"], "date": date, "date_inferred": True}
        if lastmod:
            fields["lastmod"] = lastmod
        fields.update(speakers=[claim["speaker"]], topics=topics, outlets=outlets)
        if len(self.claims) > TIMELINE_ONE_PAGE:
            fields["months"] = [date[:7]]
        fields["reports"] = reports
        return fields

    def claims_of_article(self, slug: str) -> list[str]:
        return list(dict.fromkeys(str(c["id"]) for c in self.articles[slug][0].get("claims") or []))


def write_site(content: Path, folder: Path, static: Path | None = None) -> None:
    """Write the Hugo site for claimsite's `content` folder into `folder`."""
    site = Site(content)
    title = site.site.get("title", "Tracker")
    write(folder / "hugo.toml", CONFIG.format(title=json.dumps(title),
                                              description=json.dumps(site.site.get("description", ""))))
    for name, text in LAYOUTS.items():
        write(folder / "layouts" / name, text)
    if static and static.is_dir():
        shutil.copytree(static, folder / "static" / "static")
    pages = folder / "content"
    many_articles = len(site.articles) > ARTICLES_ONE_PAGE
    for slug, (meta, body) in site.articles.items():
        fields = {"title": str(meta.get("title", slug)), "date": str(meta.get("published")),
                  "outlets": [str(meta["outlet"])] if meta.get("outlet") else [],
                  "source_url": meta.get("url", ""), "topic_keys": list(meta.get("topics") or []),
                  "claims": site.claims_of_article(slug)}
        if many_articles:
            fields["years"] = [fields["date"][:4]]
        write(pages / "articles" / f"{slug}.md", front_matter(fields) + body)
    for claim_id in site.claims:
        write(pages / "claims" / f"{claim_id}.md", front_matter(site.claim_fields(claim_id)))
    # The registries: a content file per term, with what claimsite's pages show of it.
    for key, person in site.people.items():
        write(pages / "speakers" / key / "_index.md", front_matter({
            "title": person.get("name", key), "kicker": "Speaker", "role": person.get("role", ""),
            "aliases_shown": person.get("aliases") or []}))
    for key, outlet in site.outlets.items():
        write(pages / "outlets" / key / "_index.md", front_matter({
            "title": outlet.get("name", key), "kicker": "Outlet", "homepage": outlet.get("url", "")}))
    for key, name in (site.site.get("topics") or {}).items():
        write(pages / "topics" / key / "_index.md", front_matter({"title": str(name), "kicker": "Topic"}))
    # A page per year of a long list of claims, as claimsite's lists.py splits them.
    groups: dict[tuple[str, str], set[str]] = defaultdict(set)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for claim_id in site.claims:
        fields = site.claim_fields(claim_id)
        year = fields["date"][:4]
        for plural in ("speakers", "outlets", "topics"):
            for key in fields[plural]:
                groups[plural, key].add(year)
                counts[plural, key] += 1
    for (plural, key), years in groups.items():
        if counts[plural, key] > GROUP_ONE_PAGE:
            for year in years:
                write(pages / "claim-years" / f"{plural}-{key}-{year}.md", front_matter({
                    "title": f"{key}, {year}", "group": plural, "key": key, "year": year,
                    "url": f"/{plural}/{key}/{year}.html"}))
    never = {"build": {"render": "never", "list": "local"}}
    write(pages / "_index.md", front_matter({"title": title}))
    write(pages / "articles" / "_index.md", front_matter({"title": "Articles", "url": "/articles.html"}))
    write(pages / "claims" / "_index.md", front_matter({"title": "Timeline", "url": "/timeline.html"}))
    write(pages / "speakers" / "_index.md", front_matter({"title": "Speakers", "url": "/speakers.html"}))
    write(pages / "outlets" / "_index.md", front_matter({"title": "Outlets", "url": "/outlets.html"}))
    write(pages / "topics" / "_index.md", front_matter({"title": "Topics", "url": "/topics.html"}))
    # The overviews of the timeline and the articles are the claims' and articles' sections.
    write(pages / "months" / "_index.md", front_matter({"title": "Months", **never}))
    write(pages / "years" / "_index.md", front_matter({"title": "Years", **never}))
    write(pages / "claim-years" / "_index.md", front_matter({"title": "Years", **never}))
    write(pages / "search.md", front_matter({"title": "Search"}))
    write(pages / "methodology.md", front_matter({"title": "How this tracker works"}) + (
        "This site records what people in public life said, and where it was reported. It "
        "follows every claim back to the passage in each report, so you can check our work.\n"))
    write(pages / "corrections.md", front_matter({"title": "Corrections"}) +
          "No corrections have been made.\n")


def edit(folder: Path, slug: str, paragraph: str, stamp: str) -> list[Path]:
    """The benchmark's one-article edit: `paragraph` appended to the article's file, and each
    claim file it feeds written again (with `lastmod` = `stamp`), as an editor saving the
    article's change would. Returns the files changed."""
    article = folder / "content" / "articles" / f"{slug}.md"
    with open(article, "a", encoding="utf-8") as file:
        file.write(paragraph)
    changed = [article]
    text = article.read_text(encoding="utf-8")
    claims = json.loads(re.search(r"^claims: (.*)$", text, re.M).group(1))
    for claim_id in claims:
        path = folder / "content" / "claims" / f"{claim_id}.md"
        lines = path.read_text(encoding="utf-8").split("\n")
        lines = [line for line in lines if not line.startswith("lastmod: ")]
        lines.insert(4, f"lastmod: {json.dumps(stamp)}")  # after title, date, date_inferred
        path.write_text("\n".join(lines), encoding="utf-8")
        changed.append(path)
    return changed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path, help="a claimsite content folder (generate.py's)")
    parser.add_argument("folder", type=Path, help="where to write the Hugo site (a new folder)")
    parser.add_argument("--static", type=Path, default=Path(__file__).resolve().parent.parent / "templates" / "static")
    args = parser.parse_args()
    write_site(args.content, args.folder, args.static)


if __name__ == "__main__":
    main()
