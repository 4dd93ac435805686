using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>hiringTeamRole.list: role titles (namesOnly, the default) or <c>{id,title}</c> objects.</summary>
internal sealed class HiringTeamRolesTable(Dataset dataset, TableSpec table) : NamedCatalogTable(dataset, table, WordLists.HiringRoles)
{
    public override bool CanArchive => false;

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        if (f.NamesOnly)
        {
            Span<byte> title = stackalloc byte[64];
            var b = new Utf8Builder(title);
            b.Append(Titles[r.Index % Titles.Length].Utf8);
            if (r.Revision > 0)
            {
                b.Append(" (rev "u8);
                b.Append(r.Revision);
                b.Append((byte)')');
            }
            w.WriteStringValue(b.Written);
            return;
        }
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(r.Index));
        WriteTitle(w, JsonNames.Title, r);
        w.WriteEndObject();
    }
}
