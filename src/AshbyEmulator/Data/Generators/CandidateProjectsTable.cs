using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>
/// candidate.listProjects {candidateId}: the projects a candidate was added to (15% of candidates are in one or
/// two). A row is a membership and is listed under the project's own id, with the project object.
/// </summary>
internal sealed class CandidateProjectsTable(Dataset dataset, TableSpec table) : SlottedChildTable<CandidatesTable>(dataset, table, 2)
{
    public override bool CanArchive => false;

    protected override int Count(int parent)
    {
        var roll = Hashing.Below(Hashing.Field(Hashing.Row(Seed, Parents.Spec.Ordinal, parent), RowField.Custom + 200), 100);
        return roll < 85 ? 0 : roll < 97 ? 1 : 2;
    }

    /// <summary>The project of a membership; a candidate's second membership is the project after its first.</summary>
    private int ProjectOf(int index)
    {
        var projects = Table<ProjectsTable>().BaseCount;
        var first = index < BaseCount ? index - SlotOf(index) : index;
        var project = Hashing.Below(Hashing.Field(Hashing.Row(Seed, Spec.Ordinal, first), RowField.Parent), projects);
        return index < BaseCount ? (project + SlotOf(index)) % projects : project;
    }

    public override Uuid Id(int index) => Table<ProjectsTable>().Id(ProjectOf(index));

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        var projects = Table<ProjectsTable>();
        projects.Write(w, projects.Row(ProjectOf(r.Index), r.Snapshot), f);
    }
}
