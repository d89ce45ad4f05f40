"""Transform: the dbt project (staging, intermediate, marts) via dagster-dbt."""


import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from ..settings import DBT_PROJECT_DIR

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
dbt_project.prepare_if_dev()  # `dagster dev` re-parses; elsewhere `make manifest` did it


class _Translator(DagsterDbtTranslator):
    def get_group_name(self, dbt_resource_props) -> str:
        return "transform"


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=_Translator(),
)
def dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    """dbt build: models, seeds and their data tests, into the build file (profiles.yml).

    Unit tests are left out: they test the models' code on fixed inputs, not the night's data,
    and run in CI (tests/test_dbt_unit_tests.py).
    """
    yield from dbt.cli(["build", "--exclude-resource-type", "unit_test"], context=context).stream()
