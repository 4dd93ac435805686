using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>customField.list: the definitions of <see cref="CustomFieldCatalog"/> (3 of 30 archived).</summary>
internal sealed class CustomFieldsTable(Dataset dataset, TableSpec table) : TableGenerator(dataset, table)
{
    protected override bool BaseArchived(int index, ulong hash) =>
        CustomFieldCatalog.All[index % CustomFieldCatalog.All.Length].IsArchived;

    public override bool Matches(in RowCtx r, ListFilter f) => f.IncludeArchived || !IsArchived(r);

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        // Rows created through the admin API reuse a catalog shape under a new title.
        var def = CustomFieldCatalog.All[r.Index % CustomFieldCatalog.All.Length];
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(r.Index));
        w.WriteBoolean(JsonNames.IsPrivate, def.IsPrivate);
        if (r.Index < CustomFieldCatalog.All.Length)
        {
            WriteRevised(w, JsonNames.Title, def.Title.Utf8, r.Revision);
        }
        else
        {
            var title = System.Text.Encoding.UTF8.GetBytes($"{def.Title.Value} {r.Index + 1}");
            WriteRevised(w, JsonNames.Title, title, r.Revision);
        }
        w.WriteString(JsonNames.ObjectType, def.ObjectType.Json);
        w.WriteBoolean(JsonNames.IsArchived, IsArchived(r));
        w.WriteString(JsonNames.FieldType, def.FieldType.Json);
        w.WriteBoolean(JsonNames.IsRequired, def.IsRequired);
        // Documented as present for select fields only.
        if (def.Kind is FieldKind.ValueSelect or FieldKind.MultiValueSelect)
        {
            w.WriteStartArray(JsonNames.SelectableValues);
            for (var i = 0; i < def.Options.Length; i++)
            {
                w.WriteStartObject();
                w.WriteString(JsonNames.Label, def.Options[i].Json);
                w.WriteString(JsonNames.Value, def.Options[i].Json);
                // One retired option per select field shows the archived variant.
                w.WriteBoolean(JsonNames.IsArchived, i == def.Options.Length - 1 && def.Options.Length > 3);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }
}
