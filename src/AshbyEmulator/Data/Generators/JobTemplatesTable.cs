using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>
/// jobTemplate.list: one template per ten jobs (at least five), active and inactive alike (archiving makes one
/// Inactive). <c>expand:["location"]</c> adds the location object.
/// </summary>
internal sealed class JobTemplatesTable(Dataset dataset, TableSpec table) : TableGenerator(dataset, table)
{
    private static readonly Word[] Statuses = Word.Of("Active", "Inactive");

    protected override bool BaseArchived(int index, ulong hash) => index % 5 == 3;

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        var rng = r.Rng(RowField.Body);
        var location = rng.Percent(15) ? -1 : Table<LocationsTable>().PickOffice(r.Field(RowField.Location));
        var plans = Table<InterviewPlansTable>();
        var plan = plans.Pick(r.Field(RowField.Parent));
        Span<byte> title = stackalloc byte[96];
        var b = new Utf8Builder(title);
        b.Append(WordLists.Positions[r.Index % WordLists.Positions.Length].Utf8);
        b.Append(" (template)"u8);
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(r.Index));
        WriteRevised(w, JsonNames.Title, b.Written, r.Revision);
        w.WriteString(JsonNames.Status, Statuses[IsArchived(r) ? 1 : 0].Json);
        w.WriteUuidOrNull(JsonNames.LocationId, location >= 0 ? Table<LocationsTable>().Id(location) : null);
        w.WriteUuid(JsonNames.DepartmentId, Table<DepartmentsTable>().Id(Table<DepartmentsTable>().Pick(r.Field(RowField.Team))));
        w.WriteUuid(JsonNames.DefaultInterviewPlanId, plans.Id(plan));
        w.WriteStartArray(JsonNames.InterviewPlanIds);
        w.WriteUuidValue(plans.Id(plan));
        w.WriteEndArray();
        w.WriteTime(JsonNames.CreatedAt, CreatedAtMs(r));
        w.WriteTime(JsonNames.UpdatedAt, UpdatedAtMs(r));
        if (f.ExpandLocation)
        {
            if (location >= 0)
            {
                Table<LocationsTable>().WriteEmbedded(w, JsonNames.Location, location, r.Snapshot);
            }
            else
            {
                w.WriteNull(JsonNames.Location);
            }
        }
        w.WriteEndObject();
    }
}
