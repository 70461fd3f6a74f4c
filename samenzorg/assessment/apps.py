from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from samenzorg.core.registry import ApiRouter, DemoLoader, NavEntry, PersonalData


class AssessmentConfig(AppConfig):
    name = "samenzorg.assessment"
    verbose_name = "Kansrijkheid"
    navigation = [NavEntry("assessment:index", _("Assessments"), order=30)]
    api_routers = [ApiRouter("/kansrijkheid/", "samenzorg.assessment.api.router")]
    demo_loader = DemoLoader("samenzorg.assessment.demo.load_demo_assessment", 30)
    personal_data = PersonalData("samenzorg.assessment.personal_data", order=30)
    permission_twins = [
        ("assessment.view_results", "samenzorg.assessment.selectors.round_visible"),
        ("assessment.view_scenario", "samenzorg.assessment.selectors.scenario_visible"),
    ]

    # Names that look like amounts of money but are not (see core.money_guard).
    not_money_fields = {
        "RankingRowOut.contributions": "each criterion's share of the score, in "
        "score points, not euros",
        "ScenarioOut.cost_of_spread": "score points given up for a spread of "
        "problems, not euros",
    }
