using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using static AshbyAnalytics.Tests.Figures;

namespace AshbyAnalytics.Tests;

/// <summary>analytics/scorecards.sql against the synced feedback rows, answer by answer.</summary>
public sealed class ScorecardTests(SyncedWarehouse warehouse) : SyncedWarehouseTests
{
    [Fact]
    public void EveryAnswer_IsOneRow_LabelledFromTheFormInItsOwnFeedbackRow()
    {
        var applications = warehouse.Records["applications"];
        var history = warehouse.Records["application_history"];
        var stages = warehouse.Records["interview_stages"];
        var expected = new Dictionary<string, object?[]>(StringComparer.Ordinal);
        foreach (var feedback in warehouse.Rows("application_feedback"))
        {
            var fields = feedback["formDefinition"]!["sections"]!.AsArray()
                .SelectMany(section => section!["fields"]!.AsArray().Select(field => (Section: At(section, "title"), Field: field!)))
                .ToDictionary(f => At(f.Field, "field.path")!, StringComparer.Ordinal);
            var stage = history.GetValueOrDefault(At(feedback, "applicationHistoryId") ?? string.Empty) is { } row ? stages.GetValueOrDefault(At(row, "stageId")!) : null;
            foreach (var (path, answer) in feedback["submittedValues"]!.AsObject())
            {
                var (section, field) = fields.TryGetValue(path, out var f) ? f : (null, null);
                var label = field?["field"]?["selectableValues"]?.AsArray().FirstOrDefault(o => answer is JsonValue v && At(o, "value") == v.ToString());
                var score = answer is JsonObject scored ? At(scored, "score") : null;
                var text = At(label, "label") ?? score ?? (answer is JsonValue scalar ? scalar.ToString() : answer?.ToJsonString());
                double? number = score is not null ? double.Parse(score, CultureInfo.InvariantCulture)
                    : answer is JsonValue n && n.GetValueKind() == JsonValueKind.Number ? n.GetValue<double>() : null;
                expected.Add($"{At(feedback, "id")}/{path}",
                [
                    At(feedback, "applicationId"), At(applications.GetValueOrDefault(At(feedback, "applicationId")!), "job.id"), At(stage, "title"),
                    At(feedback, "submittedByUser.id"), Time(feedback, "submittedAt"),
                    section, At(field, "field.title"), At(field, "field.type"), At(field, "isRequired"), text, number,
                ]);
            }
        }

        var actual = Of(warehouse, "select * from analytics.scorecards", row => $"{row["feedback_id"]}/{row["field_path"]}",
            "application_id", "job_id", "stage_title", "submitted_by_user_id", "submitted_at",
            "section_title", "field_title", "field_type", "is_required", "answer_text", "answer_number");

        actual.ShouldMatch(expected, "feedback answers");
        actual.Values.Select(r => (string?)r[7]).Distinct().Should().Contain(["Score", "ValueSelect"], "scores and selects are among the answers");
    }

    [Fact]
    public async Task EveryFeedbackRowAshbyHas_HasItsAnswers()
    {
        var withAnswers = Sql.Rows(warehouse.Connection, "select distinct feedback_id from analytics.scorecards").Select(r => (string)r["feedback_id"]!);

        withAnswers.ShouldBeTheSameIdsAs(await warehouse.Emulator.Admin.IdsAsync("application_feedback"), "feedback rows");
    }
}
