using System.Text.Json;
using AshbyEmulator.Data;
using AshbyEmulator.Data.Generators;

namespace AshbyEmulator.Tests;

/// <summary>
/// A test-only child table: two notes per application, listed per application by
/// <c>testApplicationNote.list {"applicationId": …}</c>. It shows what adding a table takes: this generator
/// and the one row in <see cref="Table"/>.
/// </summary>
internal sealed class ApplicationNotesTable(Dataset dataset, TableSpec table) : TableGenerator(dataset, table)
{
    public static readonly TableSpec Table =
        new("test_application_notes", "testApplicationNote.list", Permission.Candidates, Paging.CursorAndSyncToken, ListParams.CreatedAfter,
            s => 2L * (s.Candidates + (s.Candidates / 5)), GeneratorFactory.Of((d, t) => new ApplicationNotesTable(d, t)))
        {
            ChildOf = new ChildOf("applicationId", "applications"),
        };

    private ApplicationsTable Applications => Table<ApplicationsTable>();

    public override int ParentOf(in RowCtx r) =>
        r.Index >= BaseCount ? r.State.Ref : ScaleIndex(r.Index, BaseCount, Applications.BaseCount);

    public override long BaseCreatedAtMs(int index) =>
        ChildSlot(index, Applications.BaseCreatedAtMs(ScaleIndex(index, BaseCount, Applications.BaseCount)));

    public override int ChooseParentForNewRow(ulong hash) => Hashing.Below(hash, Applications.State.CurrentCount);

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(r.Index));
        w.WriteUuid(JsonNames.ApplicationId, Applications.Id(ParentOf(r)));
        w.WriteTime(JsonNames.CreatedAt, CreatedAtMs(r));
        w.WriteEndObject();
    }
}
