using AshbyEmulator.Data;

namespace AshbyEmulator.Tests;

/// <summary>The table rows themselves: names, ordinals and the generator lookup by type.</summary>
public sealed class TableSpecTests
{
    [Fact]
    public void Rows_keep_their_order_because_ordinals_are_part_of_every_id()
    {
        Tables.All.Select(t => t.Stream).Should().Equal(
            "candidates", "applications", "jobs", "job_postings", "offers", "interviews", "interview_schedules", "users",
            "departments", "locations", "sources", "archive_reasons", "candidate_tags", "custom_fields", "openings", "projects",
            "interview_plans", "interview_stages", "interview_stage_groups", "application_feedback", "feedback_form_definitions",
            "interviewer_pools", "job_templates", "survey_form_definitions", "approvals", "job_boards", "close_reasons", "brands",
            "source_tracking_links", "hiring_team_roles", "application_hiring_team_roles", "communication_templates",
            "survey_submissions", "survey_requests", "application_history", "application_criteria_evaluations", "candidate_notes",
            "candidate_projects", "interviewer_pauses");
        Tables.All.Select(t => t.Ordinal).Should().Equal(Enumerable.Range(0, Tables.All.Count));
    }

    [Fact]
    public void Streams_endpoints_and_generator_types_are_unique()
    {
        Tables.All.Select(t => t.Stream).Should().OnlyHaveUniqueItems();
        Tables.All.Select(t => t.Endpoint).Should().OnlyHaveUniqueItems();
        Tables.All.Select(t => t.Generator.Type).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Every_generator_is_built_for_its_own_row_and_found_by_type()
    {
        var dataset = new Dataset(42, 500);
        foreach (var table in dataset.All)
        {
            var generator = dataset.Generator(table);
            generator.Spec.Should().Be(table);
            generator.GetType().Should().Be(table.Generator.Type);
            generator.BaseCount.Should().Be(table.BaseRows(500));
        }
        dataset.Get<Data.Generators.JobsTable>().Spec.Stream.Should().Be("jobs");
    }

    [Fact]
    public void Extra_tables_come_after_the_built_in_ones_without_changing_them()
    {
        var plain = new Dataset(42, 500);
        var extended = new Dataset(42, 500, [ApplicationNotesTable.Definition]);
        extended.All.Should().HaveCount(Tables.All.Count + 1);
        extended.All[^1].Ordinal.Should().Be(Tables.All.Count);
        var candidates = Tables.All[0];
        extended.Generator(candidates).Id(7).Should().Be(plain.Generator(candidates).Id(7));
    }
}
