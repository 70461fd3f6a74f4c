from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "samenzorg.assessment"
    verbose_name = "Kansrijkheid"

    # Names that look like amounts of money but are not (see core.money_guard).
    not_money_fields = {
        "RankingRowOut.contributions": "each criterion's share of the score, in "
        "score points, not euros",
        "ScenarioOut.cost_of_spread": "score points given up for a spread of "
        "problems, not euros",
    }
