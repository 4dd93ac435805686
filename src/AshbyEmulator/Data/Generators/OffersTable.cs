using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>offer.list: one offer on every ~24th application. Archiving an offer cancels it.</summary>
internal sealed class OffersTable(Dataset dataset, TableSpec table) : ChildTableGenerator<ApplicationsTable>(dataset, table)
{
    /// <summary>Acceptance status of a base offer before any mutation (applications derive their status from it).</summary>
    public int BaseAcceptance(int index)
    {
        var roll = Hashing.Below(Hashing.Field(Hashing.Row(Seed, Spec.Ordinal, index), RowField.Status), 100);
        return roll < 45 ? Vocab.AccAccepted : roll < 60 ? Vocab.AccDeclined : roll < 70 ? Vocab.AccPending
            : roll < 75 ? Vocab.AccCreated : roll < 80 ? Vocab.AccCancelled : Vocab.AccWaiting;
    }

    protected override bool BaseArchived(int index, ulong hash) => BaseAcceptance(index) == Vocab.AccCancelled;

    private int Acceptance(in RowCtx r)
    {
        if (r.MutationArchived)
        {
            return Vocab.AccCancelled;
        }

        var acceptance = r.Index >= BaseCount ? Vocab.AccCreated : BaseAcceptance(r.Index);
        // Updates send created/pending offers out to the candidate.
        return r.Revision > 0 && acceptance is Vocab.AccCreated or Vocab.AccPending ? Vocab.AccWaiting : acceptance;
    }

    private static int OfferStatus(int acceptance, ulong hash) => acceptance switch
    {
        Vocab.AccAccepted => 5,
        Vocab.AccDeclined => 4,
        Vocab.AccCancelled => 6,
        Vocab.AccWaiting => 3,
        Vocab.AccPending => (hash & 1) == 0 ? 3 : 1,
        _ => (hash & 1) == 0 ? 0 : 2,
    };

    /// <summary>Approval status index, or -1 for null.</summary>
    private static int Approval(int acceptance, ulong hash) => acceptance switch
    {
        Vocab.AccCreated => (hash % 3) == 0 ? -1 : 1,
        Vocab.AccPending => 1,
        Vocab.AccCancelled => (hash % 2) == 0 ? 2 : 0,
        _ => (hash % 10) == 0 ? -1 : 0,
    };

    public override bool Matches(in RowCtx r, ListFilter f)
    {
        if (f.ApplicationId is { } app && Table<ApplicationsTable>().Id(ParentOf(r)) != app)
        {
            return false;
        }

        if (f.OfferStatusMask == 0 && f.AcceptanceStatusMask == 0 && f.ApprovalStatusMask == 0)
        {
            return true;
        }

        var acceptance = Acceptance(r);
        var h = r.Field(RowField.Status);
        var approval = Approval(acceptance, h);
        return (f.AcceptanceStatusMask == 0 || (f.AcceptanceStatusMask & (1 << acceptance)) != 0)
            && (f.OfferStatusMask == 0 || (f.OfferStatusMask & (1 << OfferStatus(acceptance, h))) != 0)
            && (f.ApprovalStatusMask == 0 || (approval >= 0 && (f.ApprovalStatusMask & (1 << approval)) != 0));
    }

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        var i = r.Index;
        var acceptance = Acceptance(r);
        var h = r.Field(RowField.Status);
        var rng = r.Rng(RowField.Body);
        var v = r.Mutable(RowField.Body);
        var created = CreatedAtMs(r);
        var appIndex = ParentOf(r);
        var app = Table<ApplicationsTable>().Row(appIndex, r.Snapshot);
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(i));
        var decided = acceptance is Vocab.AccAccepted or Vocab.AccDeclined
            ? Math.Max(created, r.Changed ? r.State.ChangedAtMs : created + rng.Long(Time.DayMs, 10 * Time.DayMs))
            : 0;
        w.WriteTime(JsonNames.DecidedAt, decided);
        w.WriteUuid(JsonNames.ApplicationId, Table<ApplicationsTable>().Id(appIndex));
        w.WriteString(JsonNames.AcceptanceStatus, Vocab.AcceptanceStatuses[acceptance].Json);
        w.WriteString(JsonNames.OfferStatus, Vocab.OfferStatuses[OfferStatus(acceptance, h)].Json);

        w.WriteStartObject(JsonNames.LatestVersion);
        w.WriteUuid(JsonNames.Id, Uuid.Derive(Seed, 0x0FF, i, r.Revision));
        w.WriteTime(JsonNames.StartDate, Time.StartOfDay(created + v.Long(30 * Time.DayMs, 60 * Time.DayMs)));
        w.WriteStartObject(JsonNames.Salary);
        w.WriteString(JsonNames.CurrencyCode, Vocab.Currencies[rng.Int(10) < 7 ? 0 : rng.Int(1, 4)].Json);
        w.WriteNumber(JsonNames.Value, v.Int(80, 260) * 1000);
        w.WriteEndObject();
        w.WriteTime(JsonNames.CreatedAt, r.Revision == 0 ? created : r.State.ChangedAtMs);
        var jobIndex = Table<ApplicationsTable>().JobOf(app);
        var opening = jobIndex < Table<JobsTable>().BaseCount ? Table<OpeningsTable>().FirstOpeningOf(jobIndex) : -1;
        w.WriteUuidOrNull(JsonNames.OpeningId, opening >= 0 && opening < Table<OpeningsTable>().BaseCount && rng.Percent(80) ? Table<OpeningsTable>().Id(opening) : null);
        CustomFieldCatalog.Write(w, JsonNames.CustomFields, Seed, CustomFieldCatalog.Offer, r.MutableHash(RowField.Custom), created);
        w.WriteStartArray(JsonNames.FileHandles);
        Span<byte> handle = stackalloc byte[48];
        var files = acceptance == Vocab.AccCreated ? 0 : acceptance == Vocab.AccAccepted ? 2 : 1;
        for (var k = 0; k < files; k++)
        {
            var id = Uuid.Derive(Seed, 0x0FF1E, i, k);
            w.WriteStartObject();
            w.WriteUuid(JsonNames.Id, id);
            w.WriteString(JsonNames.Name, k == 0 ? "Offer Letter.pdf"u8 : "Offer Letter - Signed.pdf"u8);
            var b = new Utf8Builder(handle);
            b.Append("eyJoYW5kbGUiOnsi"u8);
            b.AppendHex(id.Lo, 16);
            w.WriteString(JsonNames.Handle, b.Written);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        Table<UsersTable>().WriteEmbedded(w, JsonNames.Author, Table<UsersTable>().Pick(r.Field(RowField.Pick)), r.Snapshot);
        var approval = Approval(acceptance, h);
        w.WriteWordOrNull(JsonNames.ApprovalStatus, approval < 0 ? null : Vocab.ApprovalStatuses[approval]);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
