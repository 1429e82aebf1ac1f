"""Data that markdown would turn into links or images."""

HOSTILE = [
    "voir http://pirate.example/x",
    "https://pirate.example",
    "www.pirate.example",
    "contact@pirate.example",
    "![x](http://pirate.example/p.png)",
    "[lien](https://pirate.example)",
    "<img src=http://pirate.example/i.png>",
    "Heure 10:30, 1,5 M€, 50 %",
    "**urgent** _penché_ <b>gras</b> &amp; &#42; :smile: :material/home: $x$ ~~barré~~",
    "- une liste",
    "1. une liste numérotée",
]
