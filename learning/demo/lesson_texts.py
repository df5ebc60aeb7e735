"""Lesson texts of the demo workshops, in Spanish and English (content data, Markdown).

Each entry: (title in Spanish, title in English, body in Spanish, body in English).
"""

from __future__ import annotations

LESSONS: dict[str, tuple[str, str, str, str]] = {
    "open-data": (
        "Qué son los datos abiertos",
        "What open data is",
        "Los **datos abiertos** son datos que cualquiera puede usar, reutilizar y compartir, "
        "en formatos que una computadora puede leer (CSV, JSON) y con una licencia que lo "
        "permite. En México, Guatemala y Costa Rica los portales nacionales publican "
        "presupuestos, contratos y estadísticas; muchos municipios también.\n\n"
        "Para una redacción, los datos abiertos son el punto de partida, no la nota. Un "
        "archivo de contratos dice quién ganó y por cuánto; la historia está en lo que no "
        "cuadra: un proveedor creado un mes antes de la licitación, montos justo por debajo "
        "del umbral que obliga a concursar, la misma dirección para tres empresas.\n\n"
        "Antes de descargar, anote la fuente, la fecha de consulta y la licencia. Consulte "
        "el [portal de datos de México](https://datos.gob.mx) y busque el conjunto de datos "
        "de contrataciones de su país: en la próxima lección lo abriremos en una hoja de "
        "cálculo.",
        "**Open data** is data that anyone may use, reuse and share, in formats a computer "
        "can read (CSV, JSON) and under a licence that allows it. In Mexico, Guatemala and "
        "Costa Rica national portals publish budgets, contracts and statistics; many "
        "municipalities do too.\n\n"
        "For a newsroom, open data is where a story starts, not the story itself. A "
        "contracts file says who won and for how much; the story is in what does not add up: "
        "a supplier set up a month before the tender, amounts just below the threshold that "
        "requires open bidding, the same address for three companies.\n\n"
        "Before downloading, write down the source, the date you consulted it and the "
        "licence. See [Mexico's data portal](https://datos.gob.mx) and look for your "
        "country's procurement dataset: in the next lesson we open it in a spreadsheet.",
    ),
    "risk-maps": (
        "Mapas de riesgo municipales",
        "",
        "Un mapa de riesgo combina **amenazas** (inundaciones, deslizamientos, sequías), "
        "**exposición** (quién y qué está en el lugar) y **vulnerabilidad** (qué tan "
        "preparado está para resistir y recuperarse). Ninguno de los tres basta por sí solo: "
        "una ladera inestable sin viviendas no es un riesgo para la población.\n\n"
        "En Centroamérica, los municipios cuentan con mapas de amenazas de las agencias "
        "nacionales de protección civil, pero pocas veces con datos propios de exposición. "
        "El censo, los catastros y los recorridos con las comunidades llenan ese vacío.\n\n"
        "Un buen mapa se actualiza cada año y se usa: para decidir dónde no construir, dónde "
        "invertir en drenaje y a quién avisar primero cuando llega una alerta.",
        "",
    ),
    "disinfo-patterns": (
        "Cómo circula la desinformación electoral",
        "How electoral disinformation spreads",
        "La desinformación electoral rara vez es una mentira aislada. Suele ser una "
        "**campaña**: piezas parecidas publicadas por cuentas coordinadas, en los días en "
        "que el público presta más atención (debates, cierre de campaña, jornada electoral) "
        "y adaptadas a cada plataforma.\n\n"
        "En la región, los mensajes que más circulan son los que cuestionan el conteo de "
        "votos, atribuyen declaraciones falsas a candidaturas o a autoridades electorales, y "
        "usan fotografías antiguas como si fueran de hoy. Las redes de mensajería cerradas, "
        "como los grupos de WhatsApp, hacen más difícil verlos a tiempo.\n\n"
        "Para una redacción, la pregunta no es solo «¿es falso?», sino «¿cuánto circula, "
        "quién lo empuja y qué daño puede causar?». Verificar todo lo que aparece amplifica "
        "rumores que nadie había visto; elegir bien qué verificar es parte del oficio.",
        "Electoral disinformation is rarely a lone lie. It is usually a **campaign**: similar "
        "pieces posted by coordinated accounts, on the days the public pays most attention "
        "(debates, the close of the campaign, election day) and adapted to each platform.\n\n"
        "In the region, the messages that travel furthest question the vote count, attribute "
        "false statements to candidates or electoral authorities, and use old photographs as "
        "if they were taken today. Closed messaging networks, such as WhatsApp groups, make "
        "them harder to see in time.\n\n"
        "For a newsroom the question is not only 'is it false?' but 'how far does it travel, "
        "who pushes it and what harm can it do?'. Checking everything that appears amplifies "
        "rumours nobody had seen; choosing well what to check is part of the craft.",
    ),
    "verify-images": (
        "Verificar imágenes y videos",
        "Checking images and videos",
        "Ante una imagen dudosa, empiece por tres preguntas: **¿quién la publicó primero?, "
        "¿cuándo?, ¿dónde se tomó?** La búsqueda inversa de imágenes muestra si la foto ya "
        "circulaba antes; a menudo aparece en una nota de hace años, en otro país.\n\n"
        "Para ubicar un lugar, compare lo que se ve (rótulos, montañas, el tipo de poste o de "
        "autobús) con mapas y vistas de calle. Para fecharlo, fíjese en el clima, las sombras "
        "y los acontecimientos que la imagen muestra.\n\n"
        "Documente cada paso: capturas, enlaces archivados y la hora de la consulta. Si la "
        "publicación original desaparece, su verificación sigue en pie, y sus lectores pueden "
        "seguir el mismo camino que usted.",
        "Faced with a doubtful image, start with three questions: **who posted it first, "
        "when, and where was it taken?** A reverse image search shows whether the picture "
        "was already circulating; it often turns up in a years-old story from another "
        "country.\n\n"
        "To place it, compare what you see (signs, mountains, the kind of lamp post or bus) "
        "with maps and street views. To date it, look at the weather, the shadows and the "
        "events the picture shows.\n\n"
        "Record every step: screenshots, archived links and the time you checked. If the "
        "original post disappears your verification still stands, and your readers can "
        "follow the same path you did.",
    ),
    "advocacy-map": (
        "Mapa de actores y ventanas de oportunidad",
        "Mapping actors and windows of opportunity",
        "La incidencia empieza por saber **quién decide**. Una reforma pasa por comisiones "
        "legislativas, ministerios, gobiernos locales y, a veces, tribunales; cada uno tiene "
        "tiempos, incentivos y personas de confianza distintas.\n\n"
        "Un mapa de actores ordena a las instituciones y personas según su poder sobre la "
        "decisión y su posición frente a la propuesta. Las aliadas con poco poder necesitan "
        "información y visibilidad; las indecisas con mucho poder, evidencia y encuentros "
        "directos.\n\n"
        "Las ventanas de oportunidad (un presupuesto en discusión, un informe internacional, "
        "una crisis que pone el tema en la agenda) se abren y se cierran rápido. Una "
        "organización preparada tiene su nota de política lista antes de que se abran.",
        "Advocacy starts with knowing **who decides**. A reform goes through legislative "
        "committees, ministries, local governments and sometimes courts; each has its own "
        "timing, incentives and trusted people.\n\n"
        "An actor map places institutions and people by their power over the decision and "
        "their position on the proposal. Allies with little power need information and "
        "visibility; undecided actors with a lot of power need evidence and direct "
        "meetings.\n\n"
        "Windows of opportunity (a budget under discussion, an international report, a crisis "
        "that puts the issue on the agenda) open and close quickly. A prepared organisation "
        "has its policy brief ready before they open.",
    ),
    "policy-brief": (
        "Escribir una nota de política",
        "Writing a policy brief",
        "Una nota de política es corta (de dos a cuatro páginas) y se escribe para alguien "
        "con poco tiempo: una diputada, un director de presupuesto, una alcaldesa. Empieza "
        "por la recomendación, no por los antecedentes.\n\n"
        "La estructura que mejor funciona es sencilla: el problema en un párrafo, con una "
        "cifra que lo haga concreto; dos o tres opciones con sus costos; la opción que se "
        "recomienda y por qué; y los pasos para ponerla en marcha.\n\n"
        "La evidencia debe ser verificable y local. Un dato del propio país o municipio "
        "convence más que un promedio regional, y un ejemplo de un país vecino que ya lo hizo "
        "responde a la pregunta «¿funciona aquí?».",
        "A policy brief is short (two to four pages) and written for someone with little "
        "time: a member of congress, a budget director, a mayor. It starts with the "
        "recommendation, not with the background.\n\n"
        "The structure that works best is simple: the problem in one paragraph, with a "
        "figure that makes it concrete; two or three options with their costs; the option "
        "recommended and why; and the steps to put it in place.\n\n"
        "The evidence must be verifiable and local. A figure from the country or "
        "municipality itself convinces more than a regional average, and an example from a "
        "neighbouring country that already did it answers the question 'does it work here?'.",
    ),
    "gender-budgets": (
        "Qué es un presupuesto con perspectiva de género",
        "What a gender-responsive budget is",
        "Un presupuesto con perspectiva de género no es un presupuesto aparte para las "
        "mujeres. Es una forma de revisar **todo** el gasto y el ingreso público preguntando "
        "a quién beneficia y a quién deja fuera.\n\n"
        "Por ejemplo, un programa de transporte puede medir cuántas personas lo usan; con "
        "perspectiva de género, también pregunta a qué horas viajan las mujeres que cuidan "
        "a otras personas, y si las rutas llegan a los centros de salud y a las escuelas.\n\n"
        "México, Honduras y El Salvador han etiquetado partidas para la igualdad en sus "
        "presupuestos. El reto está en seguir el dinero: comparar lo aprobado con lo "
        "ejercido y con los resultados.",
        "A gender-responsive budget is not a separate budget for women. It is a way of "
        "reviewing **all** public spending and revenue by asking whom it benefits and whom "
        "it leaves out.\n\n"
        "For example, a transport programme may count how many people use it; with a gender "
        "lens it also asks when women who care for others travel, and whether the routes "
        "reach health centres and schools.\n\n"
        "Mexico, Honduras and El Salvador have tagged budget lines for equality. The "
        "challenge is to follow the money: compare what was approved with what was spent "
        "and with the results.",
    ),
    "follow-money": (
        "Seguir el dinero: de lo aprobado a lo ejercido",
        "Following the money: from approved to spent",
        "El presupuesto aprobado es una promesa; el **ejercido** es lo que de verdad se "
        "gastó. Entre uno y otro hay recortes, transferencias entre partidas y subejercicios "
        "que rara vez llegan a las noticias.\n\n"
        "Los informes trimestrales de los ministerios de finanzas publican el avance por "
        "programa. Basta una hoja de cálculo con tres columnas (aprobado, modificado, "
        "ejercido) para ver qué programas se quedan sin gastar año tras año.\n\n"
        "Cuando la cifra no cuadra, pregunte: una solicitud de acceso a la información o una "
        "entrevista con la unidad responsable suelen explicar si hubo un problema de diseño, "
        "de contratación o de voluntad política.",
        "The approved budget is a promise; what was **spent** is what really happened. "
        "Between the two there are cuts, transfers between budget lines and under-spending "
        "that rarely make the news.\n\n"
        "Finance ministries' quarterly reports publish progress by programme. A spreadsheet "
        "with three columns (approved, modified, spent) is enough to see which programmes "
        "are left unspent year after year.\n\n"
        "When the figure does not add up, ask: a freedom-of-information request or an "
        "interview with the responsible unit usually explains whether there was a problem "
        "of design, of procurement or of political will.",
    ),
    "data-protection": (
        "Datos personales en el gobierno digital",
        "Personal data in digital government",
        "Cada trámite en línea recoge datos personales: nombre, domicilio, número de "
        "identidad, a veces datos de salud. El gobierno digital solo genera confianza si la "
        "ciudadanía sabe **qué se recoge, para qué y por cuánto tiempo**.\n\n"
        "El Reglamento General de Protección de Datos de la Unión Europea y las leyes de "
        "México, Costa Rica y Panamá comparten principios: finalidad, minimización, "
        "seguridad y derechos de acceso, rectificación y oposición. Guatemala, Honduras y El "
        "Salvador discuten o estrenan sus propias leyes.\n\n"
        "Para una institución, el primer paso es un inventario: qué bases de datos tiene, "
        "quién accede a ellas y con qué base legal. Sin inventario no hay protección posible.",
        "Every online service collects personal data: name, address, identity number, "
        "sometimes health data. Digital government only earns trust if people know **what "
        "is collected, why and for how long**.\n\n"
        "The European Union's General Data Protection Regulation and the laws of Mexico, "
        "Costa Rica and Panama share principles: purpose limitation, data minimisation, "
        "security, and rights of access, rectification and objection. Guatemala, Honduras "
        "and El Salvador are debating or introducing their own laws.\n\n"
        "For an institution the first step is an inventory: which databases it holds, who "
        "has access and on what legal basis. Without an inventory there is no protection.",
    ),
    "interoperability": (
        "Interoperabilidad: que los sistemas se hablen",
        "Interoperability: systems that talk to each other",
        "Una persona que abre un negocio en la región puede tener que entregar el mismo "
        "documento a cinco oficinas. La **interoperabilidad** permite que las instituciones "
        "compartan los datos que ya tienen, con permiso y con registro, para que la "
        "ciudadanía no haga de mensajera.\n\n"
        "No es solo un problema técnico. Requiere acuerdos sobre identificadores comunes, "
        "catálogos de servicios y reglas claras sobre quién puede consultar qué. Estonia y "
        "España son referencias; Panamá y Costa Rica avanzan con sus propias plataformas.\n\n"
        "Empiece por un trámite con muchas personas usuarias y pocos pasos; medir el tiempo "
        "que se ahorra es el mejor argumento para el siguiente.",
        "Someone opening a business in the region may have to hand the same document to "
        "five offices. **Interoperability** lets institutions share the data they already "
        "hold, with permission and a record, so that citizens are not the messengers.\n\n"
        "It is not only a technical problem. It needs agreements on common identifiers, "
        "service catalogues and clear rules on who may look up what. Estonia and Spain are "
        "references; Panama and Costa Rica are moving ahead with their own platforms.\n\n"
        "Start with a service many people use and that has few steps; measuring the time "
        "saved is the best argument for the next one.",
    ),
}
