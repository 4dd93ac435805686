using System.Text.Json;
using AshbyEmulator.Data;
using AshbyEmulator.Data.Generators;

namespace AshbyEmulator.Tests;

/// <summary>
/// A test-only child table: two notes per application, listed per application by
/// <c>testApplicationNote.list {"applicationId": …}</c>. It shows what adding a table takes: this generator
/// (its parent link comes from <see cref="ChildTableGenerator{TParent}"/>) and the one row in <see cref="Definition"/>.
/// </summary>
internal sealed class ApplicationNotesTable(Dataset dataset, TableSpec table) : ChildTableGenerator<ApplicationsTable>(dataset, table)
{
    public static readonly TableSpec Definition =
        new("test_application_notes", "testApplicationNote.list", Permission.Candidates, Paging.CursorAndSyncToken, ListParams.CreatedAfter,
            s => 2L * (s.Candidates + (s.Candidates / 5)), GeneratorFactory.Of((d, t) => new ApplicationNotesTable(d, t)))
        {
            ChildOf = new ChildOf("applicationId", "applications", "application_not_found"),
        };

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(r.Index));
        w.WriteUuid(JsonNames.ApplicationId, Parents.Id(ParentOf(r)));
        w.WriteTime(JsonNames.CreatedAt, CreatedAtMs(r));
        w.WriteEndObject();
    }
}
