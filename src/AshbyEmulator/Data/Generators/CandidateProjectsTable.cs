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

    /// <summary>
    /// The project of a membership: a candidate's base memberships are a project and the one after it; a
    /// membership added through the admin API takes another project, so a candidate is never in one project twice.
    /// </summary>
    private int ProjectOf(int index)
    {
        var projects = Table<ProjectsTable>().BaseCount;
        if (index < BaseCount)
        {
            return (FirstProject(index / Slots) + SlotOf(index)) % projects;
        }
        var candidate = CandidateOf(index);
        var taken = new HashSet<int>();
        if (candidate < Parents.BaseCount)
        {
            for (var k = 0; k < Count(candidate); k++)
            {
                taken.Add((FirstProject(candidate) + k) % projects);
            }
        }
        // The candidate's earlier added memberships, in order, each taking its project from what is taken before
        // it: one pass instead of recomputing every earlier membership's own history.
        for (var earlier = BaseCount; earlier < index; earlier++)
        {
            if (CandidateOf(earlier) == candidate)
            {
                taken.Add(FreeProject(earlier, taken, projects));
            }
        }
        return FreeProject(index, taken, projects);
    }

    /// <summary>The created membership's hashed project, moved on past the projects already <paramref name="taken"/>.</summary>
    private int FreeProject(int index, HashSet<int> taken, int projects)
    {
        var project = Hashing.Below(Hashing.Field(Hashing.Row(Seed, Spec.Ordinal, index), RowField.Parent), projects);
        for (var step = 0; step < projects && taken.Contains(project); step++)
        {
            project = (project + 1) % projects;
        }
        return project;
    }

    private int CandidateOf(int createdIndex) => State.TryGet(createdIndex, long.MaxValue, out var state) ? state.Ref : -1;

    private int FirstProject(int candidate) =>
        Hashing.Below(Hashing.Field(Hashing.Row(Seed, Spec.Ordinal, candidate * Slots), RowField.Parent), Table<ProjectsTable>().BaseCount);

    public override Uuid Id(int index) => Table<ProjectsTable>().Id(ProjectOf(index));

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        var projects = Table<ProjectsTable>();
        projects.Write(w, projects.Row(ProjectOf(r.Index), r.Snapshot), f);
    }
}
