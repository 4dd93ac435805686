using static AshbyAnalytics.Tests.Figures;

namespace AshbyAnalytics.Tests;

/// <summary>analytics/application_stages.sql against the synced history, stages and applications, row by row.</summary>
public sealed class ApplicationStagesTests(SyncedWarehouse warehouse) : SyncedWarehouseTests
{
    [Fact]
    public async Task EveryHistoryRow_IsOneStageRow_LabelledFromItsPlanAndGroup_WithItsTimes()
    {
        var stages = warehouse.Records["interview_stages"];
        var groups = warehouse.Records["interview_stage_groups"];
        var applications = warehouse.Records["applications"];
        var expected = warehouse.Rows("application_history").ToDictionary(h => At(h, "id")!, h =>
        {
            var stage = stages[At(h, "stageId")!];
            var group = groups[At(stage, "interviewStageGroupId")!];
            var application = applications[At(h, "applicationId")!];
            var entered = Time(h, "enteredStageAt")!.Value;
            var left = Time(h, "leftStageAt");
            return new object?[]
            {
                At(h, "applicationId"), At(application, "job.id"), At(application, "status"), At(h, "stageNumber"),
                At(h, "stageId"), At(stage, "title"), At(stage, "type"), At(stage, "orderInInterviewPlan"), At(stage, "interviewPlanId"),
                At(group, "id"), At(group, "title"), At(group, "stageType"), At(group, "order"),
                entered, left, left is { } l ? Days(entered, l) : null, left is null,
            };
        });

        var actual = Of(warehouse, "select * from analytics.application_stages", row => (string)row["application_history_id"]!,
            "application_id", "job_id", "application_status", "stage_number", "stage_id", "stage_title", "stage_type", "stage_order_in_plan", "interview_plan_id",
            "stage_group_id", "stage_group_title", "stage_group_type", "stage_group_order", "entered_at", "left_at", "days_in_stage", "is_current_stage");

        actual.ShouldMatch(expected, "application_history rows");
        actual.Keys.ShouldBeTheSameIdsAs(await warehouse.Emulator.Admin.IdsAsync("application_history"), "application_history rows Ashby has");
        actual.Values.Select(r => (bool)r[^1]!).Should().Contain([true, false], "the data has stages left and stages still occupied");
    }

    [Fact]
    public void TheStageAnApplicationIsStillIn_IsItsCurrentInterviewStage()
    {
        // A second road to the same fact: the applications stream's currentInterviewStage, not the history.
        var expected = warehouse.Rows("applications").ToDictionary(a => At(a, "id")!, a => new object?[] { At(a, "currentInterviewStage.id") });

        // Of() refuses a key twice, so an application still in two stages fails here too.
        var actual = Of(warehouse, "select application_id, stage_id from analytics.application_stages where is_current_stage", row => (string)row["application_id"]!, "stage_id");

        actual.ShouldMatch(expected, "applications' current stages");
    }
}
