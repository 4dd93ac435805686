using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>department.list: a department/team hierarchy (parentId), 10% archived.</summary>
internal sealed class DepartmentsTable : TableGenerator
{
    private readonly int[] _topLevel;

    public DepartmentsTable(Dataset dataset, TableSpec table)
        : base(dataset, table)
    {
        _topLevel = [.. Enumerable.Range(0, Math.Min(BaseCount, WordLists.Departments.Length)).Where(i => WordLists.Departments[i].Parent < 0)];
    }

    protected override bool BaseArchived(int index, ulong hash) => index % 10 == 7;

    public override bool Matches(in RowCtx r, ListFilter f) => f.IncludeArchived || !IsArchived(r);

    public int ParentOf(int index) => index < WordLists.Departments.Length
        ? WordLists.Departments[index].Parent
        : _topLevel[Hashing.Below(Hashing.Field(Hashing.Row(Seed, Spec.Ordinal, index), RowField.Parent), _topLevel.Length)];

    public int RootOf(int index)
    {
        while (ParentOf(index) is >= 0 and var parent)
        {
            index = parent;
        }

        return index;
    }

    /// <summary>The base name (no revision suffix), written into <paramref name="scratch"/> when generated.</summary>
    public ReadOnlySpan<byte> Name(int index, Span<byte> scratch)
    {
        if (index < WordLists.Departments.Length)
        {
            return WordLists.Departments[index].Name.Utf8;
        }

        var b = new Utf8Builder(scratch);
        b.Append(WordLists.Departments[RootOf(index)].Name.Utf8);
        b.Append(" Team "u8);
        b.Append(index + 1);
        return b.Written;
    }

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        Span<byte> scratch = stackalloc byte[96];
        var name = Name(r.Index, scratch);
        var rng = r.Rng(RowField.Body);
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(r.Index));
        WriteRevised(w, JsonNames.Name, name, r.Revision);
        if (rng.Percent(15))
        {
            w.WriteNull(JsonNames.ExternalName);
        }
        else
        {
            w.WriteString(JsonNames.ExternalName, name);
        }

        w.WriteBoolean(JsonNames.IsArchived, IsArchived(r));
        var parent = ParentOf(r.Index);
        w.WriteUuidOrNull(JsonNames.ParentId, parent >= 0 ? Id(parent) : null);
        w.WriteTime(JsonNames.CreatedAt, CreatedAtMs(r));
        w.WriteTime(JsonNames.UpdatedAt, UpdatedAtMs(r));
        w.WriteStartObject(JsonNames.ExtraData);
        if (rng.Percent(30))
        {
            Span<byte> buf = stackalloc byte[16];
            var b = new Utf8Builder(buf);
            b.Append("CC-"u8);
            b.Append(100 + r.Index);
            w.WriteString("costCenter"u8, b.Written);
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public int Pick(ulong hash) => Hashing.Below(hash, BaseCount);
}
