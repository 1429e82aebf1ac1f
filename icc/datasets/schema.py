"""The one description of every dataset.

Validation (pandera), templates, documentation, the Frictionless data package and
exports are all derived from the ``DATASETS`` below: nothing else lists columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Field kinds. Each maps to a pandas dtype and a Frictionless Table Schema type.
TEXT, INTEGER, NUMBER, BOOLEAN, DATE = "text", "integer", "number", "boolean", "date"

PANDAS_DTYPES = {TEXT: "str", INTEGER: "Int64", NUMBER: "Float64", BOOLEAN: "boolean", DATE: "str"}
FRICTIONLESS_TYPES = {TEXT: "string", INTEGER: "integer", NUMBER: "number", BOOLEAN: "boolean", DATE: "date"}
KIND_LABELS = {
    TEXT: "texte",
    INTEGER: "nombre entier",
    NUMBER: "nombre",
    BOOLEAN: "oui ou non",
    DATE: "date (AAAA-MM-JJ)",
}

PERIMETRES = ("Europe", "France", "Région Sud", "Métropole", "Marseille")
NIVEAUX_FINANCEURS = ("UE", "État", "Région", "Département", "Métropole", "Ville", "privé")
STATUTS_FINANCEMENT = ("acquis", "lauréat", "en suspens", "non retenu", "estimé", "en nature")
RECURRENCES = ("ponctuel", "annuel")
TYPES_FREQUENTATION = ("visiteurs", "spectateurs", "participants", "attendus")
STATUTS_LIEU = ("existant", "en projet")
# Why a museum's yearly figure is missing (the Ministry's notes F, NC and R, in words).
FERME, NON_COMMUNIQUE, COMPTE_AVEC = "fermé", "non communiqué", "compté avec un autre musée"
CHIFFRES_MANQUANTS = (FERME, NON_COMMUNIQUE, COMPTE_AVEC)
PRECISIONS_LOCALISATION = ("adresse", "lieu", "commune")
STATUTS_ACTION = ("à lancer", "en cours", "réalisé")
STATUTS_PROJET = ("réalisé", "en cours", "lauréat", "à l'étude", "non retenu")
PRIORITES = ("prioritaire", "à investiguer")
CONSEILS_DE_TERRITOIRE = (
    "Marseille Provence",
    "Pays d'Aix",
    "Pays Salonais",
    "Pays d'Aubagne et de l'Étoile",
    "Istres-Ouest Provence",
    "Pays de Martigues",
)


@dataclass(frozen=True)
class Field:
    name: str
    label: str  # French header shown to users and in templates
    kind: str = TEXT
    required: bool = False
    help: str = ""  # French help text for templates and documentation
    values: tuple[str, ...] | None = None  # allowed values
    unit: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    unique: bool = False
    references: str | None = None  # "dataset.field" this value must exist in
    example: str = ""


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str  # French
    description: str  # French
    key: str
    fields: tuple[Field, ...]
    # Columns compared by the "does this look like another dataset" check and shown first.
    label_field: str = "nom"
    extra_checks: tuple[str, ...] = field(default_factory=tuple)

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def labels(self) -> dict[str, str]:
        return {f.name: f.label for f in self.fields}


SOURCE = Field(
    "source",
    "Source",
    required=True,
    help="Section de la feuille de route, ou source qu'elle cite.",
    example="Feuille de route ICC, II. Panorama territorial",
)
APPROX = Field(
    "approximatif",
    "Approximatif",
    kind=BOOLEAN,
    required=True,
    help="Oui si le texte dit « près de », « environ », « plus de » : le chiffre est un ordre de grandeur.",
    example="non",
)
COMMUNE_REF = "communes.code_insee"
FILIERE_REF = "filieres.code"


def _latlon() -> tuple[Field, Field]:
    return (
        Field(
            "latitude",
            "Latitude",
            NUMBER,
            required=True,
            minimum=43.0,
            maximum=44.0,
            unit="degrés WGS84",
            help="Latitude WGS84 en degrés décimaux ; le point doit être dans la commune indiquée.",
            example="43.3106",
        ),
        Field(
            "longitude",
            "Longitude",
            NUMBER,
            required=True,
            minimum=4.5,
            maximum=6.0,
            unit="degrés WGS84",
            help="Longitude WGS84 en degrés décimaux.",
            example="5.3906",
        ),
    )


DATASETS: dict[str, Dataset] = {}


def _register(ds: Dataset) -> Dataset:
    DATASETS[ds.name] = ds
    return ds


COMMUNES = _register(
    Dataset(
        "communes",
        "Communes",
        "Les 92 communes de la Métropole Aix-Marseille-Provence (EPCI 200054807).",
        key="code_insee",
        fields=(
            Field(
                "code_insee",
                "Code INSEE",
                required=True,
                unique=True,
                help="Code officiel géographique à 5 caractères.",
                example="13055",
            ),
            Field("nom", "Commune", required=True, example="Marseille"),
            Field(
                "conseil_de_territoire",
                "Conseil de territoire",
                required=True,
                values=CONSEILS_DE_TERRITOIRE,
                example="Marseille Provence",
            ),
            Field(
                "population",
                "Population",
                INTEGER,
                required=True,
                minimum=0,
                unit="habitants",
                help="Population municipale.",
                example="873076",
            ),
            *_latlon(),
            SOURCE,
        ),
    )
)

FILIERES = _register(
    Dataset(
        "filieres",
        "Filières",
        "Les 6 familles des ICC et leurs sous-filières, avec le diagnostic de la feuille de route, et la "
        "famille « Pluridisciplinaire » des festivals que la liste du ministère de la Culture classe ainsi.",
        key="code",
        fields=(
            Field(
                "code",
                "Code",
                required=True,
                unique=True,
                help="Identifiant court, sans espace.",
                example="cinema_audiovisuel",
            ),
            Field("nom", "Filière", required=True, example="Cinéma & audiovisuel"),
            Field(
                "famille",
                "Famille",
                references=FILIERE_REF,
                help="Code de la famille pour une sous-filière ; vide pour une famille.",
                example="",
            ),
            Field(
                "priorite",
                "Priorité",
                values=PRIORITES,
                help="Ce que la feuille de route en fait : domaine prioritaire ou à investiguer ; vide pour une "
                "famille qu'elle ne cite pas.",
                example="prioritaire",
            ),
            Field("atouts", "Atouts", help="Atouts tels que la feuille de route les écrit."),
            Field("faiblesses", "Faiblesses", help="Faiblesses telles que la feuille de route les écrit."),
            Field("perspectives", "Perspectives", help="Perspectives telles que la feuille de route les écrit."),
            SOURCE,
        ),
    )
)

CHIFFRES_CLES = _register(
    Dataset(
        "chiffres_cles",
        "Chiffres clés",
        "Chaque fait chiffré de la feuille de route.",
        key="id",
        label_field="libelle",
        fields=(
            Field("id", "Identifiant", required=True, unique=True, example="ca_icc_france_2021"),
            Field("libelle", "Libellé", required=True, example="Chiffre d'affaires des ICC en France"),
            Field("valeur", "Valeur", NUMBER, required=True, example="110000000000"),
            Field("unite", "Unité", required=True, help="€, emplois, %, entreprises…", example="€"),
            Field("annee", "Année", INTEGER, minimum=1800, maximum=2100, example="2021"),
            Field("perimetre", "Périmètre", required=True, values=PERIMETRES, example="France"),
            Field("filiere", "Filière", references=FILIERE_REF, help="Vide si tous secteurs.", example=""),
            APPROX,
            SOURCE,
        ),
    )
)

PROJETS = _register(
    Dataset(
        "projets",
        "Grands projets",
        "Les projets structurants de l'annexe 3 (Marseille en grand, La grande fabrique de l'image).",
        key="id",
        fields=(
            Field("id", "Identifiant", required=True, unique=True, example="cinemabase"),
            Field("nom", "Projet", required=True, example="CinéMaBase Marseille"),
            Field("porteur", "Porteur", required=True, example="ARTS"),
            Field("programme", "Programme", help="Cadre de soutien de l'État.", example="Marseille en grand"),
            Field("filiere", "Filière", required=True, references=FILIERE_REF, example="cinema"),
            Field(
                "code_insee_commune",
                "Code INSEE",
                references=COMMUNE_REF,
                help="Commune du projet ; vide si la source ne la donne pas.",
                example="13055",
            ),
            Field("budget_total_eur", "Budget total", NUMBER, minimum=0, unit="€", example="211500000"),
            Field("soutien_etat_eur", "Soutien de l'État", NUMBER, minimum=0, unit="€", example="15000000"),
            Field("surface_m2", "Surface", NUMBER, minimum=0, unit="m²", example="4000"),
            Field("statut", "Statut", required=True, values=STATUTS_PROJET, example="réalisé"),
            Field(
                "lieu",
                "Lieu",
                references="lieux.id",
                help="Identifiant du lieu correspondant.",
                example="cinemabase",
            ),
            Field("description", "Description", help="Résumé tiré du texte."),
            APPROX,
            SOURCE,
        ),
    )
)

LIEUX = _register(
    Dataset(
        "lieux",
        "Lieux",
        "Les lieux des ICC nommés par la feuille de route (studios, écoles, tiers-lieux, salles, musées, projets) "
        "et les Musées de France des 92 communes (Muséofile, ministère de la Culture).",
        key="id",
        fields=(
            Field("id", "Identifiant", required=True, unique=True, example="friche_belle_de_mai"),
            Field("nom", "Lieu", required=True, example="Friche la Belle de Mai"),
            Field(
                "identifiant_museofile",
                "Identifiant Muséofile",
                unique=True,
                help="Identifiant du musée dans Muséofile, la base des Musées de France du ministère de la Culture "
                "(M suivi de 4 chiffres) : un import reconnaît ainsi le musée.",
                example="M5002",
            ),
            Field(
                "identifiants_basilic",
                "Identifiants Basilic",
                help="Identifiant(s) du lieu dans la base Basilic du ministère de la Culture, séparés par « ; » "
                "quand la base le compte plusieurs fois : un import reconnaît ainsi le lieu.",
            ),
            Field(
                "type_equipement_ou_lieu",
                "Type de lieu",
                required=True,
                help="Studio, école, tiers-lieu, salle de spectacle, musée…",
                example="Tiers-lieu",
            ),
            Field("filiere", "Filière", required=True, references=FILIERE_REF, example="arts_visuels"),
            Field("code_insee", "Code INSEE", required=True, references=COMMUNE_REF, example="13055"),
            Field("adresse", "Adresse", help="Seulement si la source la donne."),
            Field(
                "site_internet",
                "Site internet",
                help="Adresse du site du lieu, telle que la source l'écrit (montrée comme texte).",
                example="www.mucem.org/",
            ),
            *_latlon(),
            Field(
                "precision_localisation",
                "Précision de la position",
                required=True,
                values=PRECISIONS_LOCALISATION,
                help="adresse : adresse exacte ; lieu : site connu ; commune : centre de la commune.",
                example="lieu",
            ),
            Field("statut", "Statut", required=True, values=STATUTS_LIEU, example="existant"),
            Field("projet", "Projet", references="projets.id", help="Grand projet lié, s'il y en a."),
            SOURCE,
        ),
    )
)

EVENEMENTS = _register(
    Dataset(
        "evenements",
        "Festivals et événements",
        "Festivals et événements du territoire : ceux que cite la feuille de route, avec leur fréquentation, et "
        "ceux de la « Liste des festivals en France » du ministère de la Culture ; un festival, une ligne.",
        key="id",
        fields=(
            Field("id", "Identifiant", required=True, unique=True, example="delta_festival_2024"),
            Field("nom", "Événement", required=True, example="Delta Festival"),
            Field(
                "identifiants_ministere",
                "Identifiants du ministère",
                help="Identifiant(s) du festival dans la « Liste des festivals en France » (FEST_…), séparés par "
                "« ; » quand la liste le compte plusieurs fois : un import reconnaît ainsi le festival.",
                example="FEST_13055_3701",
            ),
            Field("filiere", "Filière", required=True, references=FILIERE_REF, example="musique_spectacle_vivant"),
            Field("discipline_dominante", "Discipline dominante", example="Musiques actuelles"),
            Field(
                "code_insee_commune",
                "Code INSEE",
                references=COMMUNE_REF,
                help="Commune où l'événement a lieu ; vide si la source ne le dit pas.",
                example="13055",
            ),
            Field("edition", "Édition", INTEGER, minimum=1, help="Numéro de l'édition.", example="10"),
            Field(
                "annee",
                "Année",
                INTEGER,
                minimum=1800,
                maximum=2100,
                help="Année de l'édition chiffrée ; vide si la source ne la donne pas.",
                example="2024",
            ),
            Field("annee_de_creation_du_festival", "Année de création", INTEGER, minimum=1800, maximum=2100),
            Field("frequentation", "Fréquentation", INTEGER, minimum=0, unit="personnes", example="150000"),
            Field("type_frequentation", "Type de fréquentation", values=TYPES_FREQUENTATION, example="visiteurs"),
            Field("date_debut", "Date de début", DATE, example="2024-10-25"),
            Field("date_fin", "Date de fin", DATE, example="2024-10-28"),
            Field("soutien_metropole", "Soutenu par la Métropole", BOOLEAN, help="Vide si le texte ne le dit pas."),
            Field(
                "site_internet",
                "Site internet",
                help="Adresse du site du festival, telle que la source l'écrit (montrée comme texte).",
                example="www.deltafestival.fr",
            ),
            APPROX,
            SOURCE,
        ),
    )
)

FREQUENTATION_LIEUX = _register(
    Dataset(
        "frequentation_lieux",
        "Fréquentation des musées",
        "Entrées de chaque musée du territoire, année par année depuis 2001 (« Fréquentation des musées de "
        "France », ministère de la Culture) : payantes, gratuites, totales ; un chiffre manquant dit pourquoi.",
        key="id",
        label_field="id",  # « musee_granet_2021 »: the place and the year a change is about
        fields=(
            Field(
                "id",
                "Identifiant",
                required=True,
                unique=True,
                help="Identifiant du lieu, puis l'année.",
                example="mucem_2019",
            ),
            Field(
                "lieu",
                "Lieu",
                required=True,
                references="lieux.id",
                help="Identifiant du lieu compté (jeu Lieux).",
                example="mucem",
            ),
            Field("annee", "Année", INTEGER, required=True, minimum=1900, maximum=2100, example="2019"),
            Field(
                "ref_musee",
                "Référence du musée",
                help="Identifiant stable du musée dans « Fréquentation des musées de France » (7 chiffres) : un "
                "import reconnaît ainsi le musée.",
                example="1320201",
            ),
            Field(
                "nom_dans_la_source",
                "Nom dans la source",
                help="Nom du musée tel que la source l'écrit cette année-là (les musées changent de nom).",
                example="Musée des Civilisations de l'Europe et de la Méditerranée - MuCem",
            ),
            Field("payant", "Entrées payantes", INTEGER, minimum=0, unit="entrées", example="250000"),
            Field("gratuit", "Entrées gratuites", INTEGER, minimum=0, unit="entrées", example="220486"),
            Field(
                "total",
                "Entrées totales",
                INTEGER,
                minimum=0,
                unit="entrées",
                help="Vide quand la source ne donne pas de chiffre : dites pourquoi dans « Chiffre manquant ».",
                example="470486",
            ),
            Field(
                "chiffre_manquant",
                "Chiffre manquant",
                values=CHIFFRES_MANQUANTS,
                help="Pourquoi il n'y a pas de total : fermé cette année-là, non communiqué, ou compté avec un "
                "autre musée (ses entrées sont dans le total de celui-ci). Vide quand le total est donné.",
                example="",
            ),
            Field(
                "compte_avec",
                "Compté avec",
                help="Lieux (identifiants séparés par « ; ») dont les entrées sont comptées ensemble cette année-là, "
                "selon la source.",
                example="",
            ),
            Field(
                "observations",
                "Observations",
                help="Observations de la source, telles qu'elle les écrit.",
                example="",
            ),
            SOURCE,
        ),
    )
)

FINANCEMENTS = _register(
    Dataset(
        "financements",
        "Financements",
        "Enveloppes de financement : programme, financeur, bénéficiaire, montant, période et statut.",
        key="id",
        label_field="programme",
        fields=(
            Field("id", "Identifiant", required=True, unique=True, example="pia4"),
            Field("programme", "Programme", required=True, example="PIA 4"),
            Field("financeur_niveau", "Niveau du financeur", required=True, values=NIVEAUX_FINANCEURS, example="État"),
            Field("financeur", "Financeur", example="CNC"),
            Field("beneficiaire", "Bénéficiaire ou projet", required=True, example="Filière ICC (national)"),
            Field("projet", "Projet", references="projets.id", help="Grand projet financé, s'il y en a."),
            Field("filiere", "Filière", references=FILIERE_REF, help="Vide si l'enveloppe concerne toutes les ICC."),
            Field("montant_eur", "Montant", NUMBER, required=True, minimum=0, unit="€", example="400000000"),
            Field("annee_debut", "Année de début", INTEGER, minimum=1990, maximum=2100, example="2021"),
            Field("annee_fin", "Année de fin", INTEGER, minimum=1990, maximum=2100, example="2025"),
            Field(
                "recurrence",
                "Récurrence",
                required=True,
                values=RECURRENCES,
                help="annuel : montant versé chaque année de la période ; ponctuel : montant total.",
                example="ponctuel",
            ),
            Field("statut", "Statut", required=True, values=STATUTS_FINANCEMENT, example="acquis"),
            Field(
                "parent",
                "Enveloppe parente",
                references="financements.id",
                help="Identifiant de l'enveloppe qui contient ce montant : il n'est pas compté deux fois.",
            ),
            Field(
                "perimetre",
                "Périmètre",
                required=True,
                values=PERIMETRES,
                help="France pour une enveloppe nationale, Métropole pour ce qui arrive sur le territoire.",
                example="France",
            ),
            APPROX,
            SOURCE,
        ),
    )
)

ACTIONS = _register(
    Dataset(
        "actions",
        "Plan d'actions",
        "Les cinq axes du plan d'actions et leurs actions.",
        key="code",
        label_field="intitule",
        fields=(
            Field("code", "Code", required=True, unique=True, help="1.1, 1.1.1…", example="1.1.1"),
            Field("axe", "Axe", INTEGER, required=True, minimum=1, maximum=5, example="1"),
            Field("parent", "Action parente", references="actions.code", example="1.1"),
            Field("intitule", "Intitulé", required=True),
            Field("annee_prevue", "Année prévue", INTEGER, minimum=2020, maximum=2035, example="2024"),
            Field("partenaires", "Partenaires", example="AGAM"),
            Field("statut", "Statut", required=True, values=STATUTS_ACTION, example="en cours"),
            SOURCE,
        ),
    )
)

COMITES = _register(
    Dataset(
        "comites",
        "Comités de pilotage",
        "Les comités de pilotage de la feuille de route : la vue « Évolutions » compare les données "
        "d'aujourd'hui à celles du jour d'un comité.",
        key="id",
        label_field="nom",
        fields=(
            Field("id", "Identifiant", required=True, unique=True, example="copil_2025_03"),
            Field("nom", "Comité", required=True, example="Comité de pilotage ICC"),
            Field("date", "Date", DATE, required=True, help="Jour du comité (AAAA-MM-JJ).", example="2025-03-12"),
            Field("commentaire", "Commentaire", help="Ordre du jour, décisions…"),
            Field(
                "source",
                "Source",
                required=True,
                help="Document qui atteste le comité (convocation, relevé de décisions).",
                example="Relevé de décisions du comité",
            ),
        ),
    )
)

AXES = {
    1: "Accroître l'offre foncière et immobilière pour permettre le développement de la filière",
    2: "Renforcer et structurer l'offre de services aux entreprises",
    3: "Améliorer la lisibilité et l'attractivité du territoire",
    4: "Accompagner les grands projets structurants",
    5: "Positionner la Métropole comme hub Med-Afrique des ICC",
}

# Order in which datasets are seeded and validated (references point backwards
# except projets <-> lieux, which are checked together once both are loaded).
ORDER = (
    "communes",
    "filieres",
    "chiffres_cles",
    "projets",
    "lieux",
    "frequentation_lieux",
    "evenements",
    "financements",
    "actions",
    "comites",
)
assert set(ORDER) == set(DATASETS)
