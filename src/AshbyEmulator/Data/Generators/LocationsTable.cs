using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>
/// location.list. Every tenth row (0, 10, 20…) is a region of type <c>LocationHierarchy</c> and parent of
/// the nine rows after it; row 9 of each block is a remote location; 10% of rows are archived.
/// </summary>
internal sealed class LocationsTable(Dataset dataset, TableSpec table) : TableGenerator(dataset, table)
{
    public static bool IsHierarchy(int index) => index % 10 == 0;

    private static bool IsRemote(int index) => index % 10 == 9;

    private static int RegionOf(int index) => index / 10 % WordLists.CitiesByRegion.Length;

    private static WordLists.City CityOf(int index)
    {
        var cities = WordLists.CitiesByRegion[RegionOf(index)];
        return cities[(Math.Max(1, index % 10) - 1) % cities.Length];
    }

    protected override bool BaseArchived(int index, ulong hash) => index % 10 == 3;

    public override bool Matches(in RowCtx r, ListFilter f) =>
        (f.IncludeArchived || !IsArchived(r)) && (f.IncludeLocationHierarchy || !IsHierarchy(r.Index));

    /// <summary>The location's name (no revision suffix).</summary>
    public static ReadOnlySpan<byte> Name(int index, Span<byte> scratch)
    {
        var b = new Utf8Builder(scratch);
        if (IsHierarchy(index))
        {
            b.Append(WordLists.RegionNames[RegionOf(index)].Utf8);
            if (index >= 40)
            {
                b.Append(" "u8);
                b.Append((index / 40) + 1);
            }
        }
        else if (IsRemote(index))
        {
            b.Append("Remote – "u8);
            b.Append(WordLists.RegionNames[RegionOf(index)].Utf8);
        }
        else
        {
            b.Append(CityOf(index).Name.Utf8);
            b.Append(index % 10 == 1 ? " HQ"u8 : " Office"u8);
        }
        return b.Written;
    }

    /// <summary>The short name job postings show: the city, or "Remote".</summary>
    public static Word PostingName(int index) => IsRemote(index) || IsHierarchy(index) ? RemoteWord : CityOf(index).Name;

    private static readonly Word RemoteWord = new("Remote");

    public static Word? WorkplaceType(in RowCtx r) => IsHierarchy(r.Index)
        ? null
        : IsRemote(r.Index) ? Vocab.WorkplaceTypes[2] : Vocab.WorkplaceTypes[Hashing.Below(r.Field(RowField.Body), 2)];

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        var i = r.Index;
        var city = CityOf(i);
        var rng = r.Rng(RowField.Body);
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(i));
        WriteNames(w, r);
        w.WriteBoolean(JsonNames.IsArchived, IsArchived(r));
        WriteAddress(w, JsonNames.Address, r, ref rng);
        w.WriteBoolean(JsonNames.IsRemote, IsRemote(i));
        w.WriteWordOrNull(JsonNames.WorkplaceType, WorkplaceType(r));
        w.WriteUuidOrNull(JsonNames.ParentLocationId, IsHierarchy(i) ? null : Id(i / 10 * 10));
        w.WriteString(JsonNames.Type, Vocab.LocationTypes[IsHierarchy(i) ? 1 : 0].Json);
        w.WriteStartObject(JsonNames.ExtraData);
        if (!IsHierarchy(i) && rng.Percent(35))
        {
            Span<byte> code = stackalloc byte[16];
            var b = new Utf8Builder(code);
            b.Append(city.Name.Slug.AsSpan(0, Math.Min(3, city.Name.Slug.Length)));
            b.Append((byte)'-');
            b.Append(i);
            w.WriteString("siteCode"u8, b.Written);
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>The location's <c>address</c> as location.list shows it (null for a region).</summary>
    public void WriteAddress(Utf8JsonWriter w, JsonEncodedText name, int index, long snapshot)
    {
        var r = Row(index, snapshot);
        var rng = r.Rng(RowField.Body);
        WriteAddress(w, name, r, ref rng);
    }

    /// <summary>A job posting's secondary location (jobPosting.list with <c>expand:["locationDetail"]</c>): id, names and address.</summary>
    public void WritePostingLocation(Utf8JsonWriter w, int index, long snapshot)
    {
        var r = Row(index, snapshot);
        var rng = r.Rng(RowField.Body);
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(index));
        WriteNames(w, r);
        WriteAddress(w, JsonNames.Address, r, ref rng);
        w.WriteEndObject();
    }

    /// <summary><c>name</c> (revised on updates) and <c>externalName</c>, the name job boards show.</summary>
    private static void WriteNames(Utf8JsonWriter w, in RowCtx r)
    {
        var i = r.Index;
        Span<byte> scratch = stackalloc byte[96];
        var name = Name(i, scratch);
        WriteRevised(w, JsonNames.Name, name, r.Revision);
        if (i % 7 == 5)
        {
            w.WriteNull(JsonNames.ExternalName);
        }
        else
        {
            w.WriteString(JsonNames.ExternalName, IsHierarchy(i) || IsRemote(i) ? name : CityOf(i).Name.Utf8);
        }
    }

    private static void WriteAddress(Utf8JsonWriter w, JsonEncodedText name, in RowCtx r, ref Rng rng)
    {
        var i = r.Index;
        var city = CityOf(i);
        if (IsHierarchy(i))
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteStartObject(name);
            w.WriteStartObject(JsonNames.PostalAddress);
            w.WriteString(JsonNames.AddressCountry, city.Country.Json);
            if (IsRemote(i))
            {
                w.WriteNull(JsonNames.AddressRegion);
                w.WriteNull(JsonNames.AddressLocality);
                w.WriteNull(JsonNames.PostalCode);
                w.WriteNull(JsonNames.StreetAddress);
            }
            else
            {
                w.WriteString(JsonNames.AddressRegion, city.Region.Json);
                w.WriteString(JsonNames.AddressLocality, city.Name.Json);
                w.WriteString(JsonNames.PostalCode, city.PostalCode);
                Span<byte> street = stackalloc byte[64];
                var b = new Utf8Builder(street);
                b.Append(rng.Int(1, 400));
                b.Append((byte)' ');
                b.Append(city.Street.Utf8);
                if (rng.Percent(40))
                {
                    b.Append(" Suite "u8);
                    b.Append(rng.Int(100, 900));
                }
                w.WriteString(JsonNames.StreetAddress, b.Written);
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
    }

    /// <summary>The Location object of <c>job.list</c> with <c>expand:["location"]</c>.</summary>
    public void WriteEmbedded(Utf8JsonWriter w, JsonEncodedText name, int index, long snapshot)
    {
        w.WritePropertyName(name);
        Write(w, Row(index, snapshot), ListFilter.CompleteSync());
    }

    /// <summary>A base office or remote location (never a region).</summary>
    public int PickOffice(ulong hash)
    {
        var i = Hashing.Below(hash, BaseCount);
        if (!IsHierarchy(i))
        {
            return i;
        }

        return i + 1 < BaseCount ? i + 1 : i - 1;
    }
}
