"""chipbrief: a sourced briefing-site generator for China's AI-chip race.

The pipeline, one module per stage:

    load      content/ files -> records that remember file and line
    models    records -> typed, validated objects (pydantic)
    validate  cross-references and citations checked across all objects
    render    objects -> Markdown pages through Jinja templates
    hook      the MkDocs adapter that adds rendered pages in memory
    cli       the `chipbrief` command, a thin layer over the same functions
"""

__version__ = "0.1.0"
