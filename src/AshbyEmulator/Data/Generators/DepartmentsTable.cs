using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>department.list: a department/team hierarchy (parentId), 10% archived.</summary>
internal sealed class DepartmentsTable : TableGenerator
{
    private readonly int[] _topLevel;

    public DepartmentsTable(Dataset ds)
        : base(ds, TableId.Departments)
    {
        _topLevel = [.. Enumerable.Range(0, Math.Min(BaseCount, Catalog.Departments.Length)).Where(i => Catalog.Departments[i].Parent < 0)];
    }

    protected override bool BaseArchived(int index, ulong hash) => index % 10 == 7;

    public override bool Matches(in RowCtx r, ListFilter f) => f.IncludeArchived || !IsArchived(r);

    public int ParentOf(int index) => index < Catalog.Departments.Length
        ? Catalog.Departments[index].Parent
        : _topLevel[Hashing.Below(Hashing.Field(Hashing.Row(Seed, Table, index), F.Parent), _topLevel.Length)];

    public int RootOf(int index)
    {
        while (ParentOf(index) is >= 0 and var parent)
            index = parent;
        return index;
    }

    /// <summary>The base name (no revision suffix), written into <paramref name="scratch"/> when generated.</summary>
    public ReadOnlySpan<byte> Name(int index, Span<byte> scratch)
    {
        if (index < Catalog.Departments.Length)
            return Catalog.Departments[index].Name.Utf8;
        var b = new Utf8Builder(scratch);
        b.Append(Catalog.Departments[RootOf(index)].Name.Utf8);
        b.Append(" Team "u8);
        b.Append(index + 1);
        return b.Written;
    }

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        Span<byte> scratch = stackalloc byte[96];
        var name = Name(r.Index, scratch);
        var rng = r.Rng(F.Body);
        w.WriteStartObject();
        w.WriteUuid(P.Id, Id(r.Index));
        WriteRevised(w, P.Name, name, r.Revision);
        if (rng.Percent(15))
            w.WriteNull(P.ExternalName);
        else
            w.WriteString(P.ExternalName, name);
        w.WriteBoolean(P.IsArchived, IsArchived(r));
        var parent = ParentOf(r.Index);
        w.WriteUuidOrNull(P.ParentId, parent >= 0 ? Id(parent) : null);
        w.WriteTime(P.CreatedAt, CreatedAtMs(r));
        w.WriteTime(P.UpdatedAt, UpdatedAtMs(r));
        w.WriteStartObject(P.ExtraData);
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
