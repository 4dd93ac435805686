using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>user.list: the organisation's users; 10% deactivated (hidden without includeDeactivated).</summary>
internal sealed class UsersTable(Dataset dataset, TableSpec table) : TableGenerator(dataset, table)
{
    protected override bool BaseArchived(int index, ulong hash) => index % 10 == 7;

    public override bool Matches(in RowCtx r, ListFilter f) => f.IncludeDeactivated || !IsArchived(r);

    public static Word FirstName(in RowCtx r) => WordLists.FirstNames[Hashing.Below(r.Field(RowField.Name), WordLists.FirstNames.Length)];

    public static Word LastName(in RowCtx r) => WordLists.LastNames[Hashing.Below(Hashing.Mix(r.Field(RowField.Name)), WordLists.LastNames.Length)];

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        w.WriteStartObject();
        WriteProps(w, r);
        w.WriteEndObject();
    }

    /// <summary>The User shape, shared by user.list and every embedded user (author, creditedToUser…).</summary>
    public void WriteProps(Utf8JsonWriter w, in RowCtx r)
    {
        var first = FirstName(r);
        var last = LastName(r);
        var rng = r.Mutable(RowField.Body);
        w.WriteUuid(JsonNames.Id, Id(r.Index));
        w.WriteString(JsonNames.FirstName, first.Json);
        w.WriteString(JsonNames.LastName, last.Json);
        if (r.Index % 20 == 13)
        {
            w.WriteNull(JsonNames.Email);
        }
        else
        {
            Span<byte> buf = stackalloc byte[96];
            w.WriteString(JsonNames.Email, Email(r.Index, first, last, buf));
        }
        var roll = rng.Int(100);
        var role = r.Index == 0 ? 0 : roll < 5 ? 0 : roll < 25 ? 1 : roll < 95 ? 2 : 3;
        w.WriteString(JsonNames.GlobalRole, Vocab.GlobalRoles[role].Json);
        w.WriteBoolean(JsonNames.IsEnabled, !IsArchived(r));
        w.WriteTime(JsonNames.UpdatedAt, UpdatedAtMs(r));
        var managerRoll = r.Rng(RowField.Parent);
        if (r.Index == 0 || managerRoll.Percent(10))
        {
            w.WriteNull(JsonNames.ManagerId);
        }
        else
        {
            w.WriteUuid(JsonNames.ManagerId, Id(managerRoll.Int(Math.Min(r.Index, 1 + (r.Index / 4)))));
        }

        CustomFieldCatalog.Write(w, JsonNames.CustomFields, Seed, CustomFieldCatalog.Employee, r.MutableHash(RowField.Custom), CreatedAtMs(r));
    }

    /// <summary>The <c>{id, firstName, lastName, email}</c> author of candidate notes.</summary>
    public void WriteAuthorProps(Utf8JsonWriter w, in RowCtx r)
    {
        var first = FirstName(r);
        var last = LastName(r);
        Span<byte> buf = stackalloc byte[96];
        w.WriteUuid(JsonNames.Id, Id(r.Index));
        w.WriteString(JsonNames.FirstName, first.Json);
        w.WriteString(JsonNames.LastName, last.Json);
        w.WriteString(JsonNames.Email, Email(r.Index, first, last, buf));
    }

    /// <summary>Writes an embedded User object (or null for index &lt; 0).</summary>
    public void WriteEmbedded(Utf8JsonWriter w, JsonEncodedText name, int index, long snapshot)
    {
        if (index < 0)
        {
            w.WriteNull(name);
            return;
        }
        w.WriteStartObject(name);
        WriteProps(w, Row(index, snapshot));
        w.WriteEndObject();
    }

    public int Pick(ulong hash) => Hashing.Below(hash, BaseCount);

    /// <summary>first.last@company; an index suffix keeps addresses unique in big organisations.</summary>
    private static ReadOnlySpan<byte> Email(int index, Word first, Word last, Span<byte> buffer)
    {
        var b = new Utf8Builder(buffer);
        b.Append(first.Slug);
        b.Append((byte)'.');
        b.Append(last.Slug);
        if (index >= 500)
        {
            b.Append(index);
        }

        b.Append((byte)'@');
        b.Append(WordLists.WorkDomain);
        return b.Written;
    }

    /// <summary>A HiringTeamMember object for user <paramref name="index"/>.</summary>
    public void WriteHiringTeamMember(Utf8JsonWriter w, int index, Word role, long snapshot)
    {
        var r = Row(index, snapshot);
        var first = FirstName(r);
        var last = LastName(r);
        Span<byte> buf = stackalloc byte[96];
        w.WriteStartObject();
        w.WriteString(JsonNames.Email, Email(index, first, last, buf));
        w.WriteString(JsonNames.FirstName, first.Json);
        w.WriteString(JsonNames.LastName, last.Json);
        w.WriteString(JsonNames.Role, role.Json);
        w.WriteUuid(JsonNames.UserId, Id(index));
        w.WriteEndObject();
    }
}
