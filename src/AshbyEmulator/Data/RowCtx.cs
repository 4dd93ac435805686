namespace AshbyEmulator.Data;

/// <summary>Field identifiers for <see cref="Hashing.Field"/>: each aspect of a row draws from its own stream.</summary>
internal static class RowField
{
    public const ulong Created = 1, Updated = 2, Status = 3, Parent = 4, Body = 5, Mutable = 6, Custom = 7, Name = 8,
        Pick = 9, Team = 10, Email = 11, Phone = 12, Files = 13, Location = 14, Source = 15, Events = 16, Time = 17;
}

/// <summary>
/// A row as seen at a snapshot version: its index, root hash and (if it was ever mutated at or before the
/// snapshot) its latest overlay state.
/// </summary>
internal readonly struct RowCtx(int index, ulong hash, long snapshot, RowState state, bool changed)
{
    public int Index { get; } = index;

    public ulong Hash { get; } = hash;

    public long Snapshot { get; } = snapshot;

    public RowState State { get; } = state;

    /// <summary>True when the overlay has an entry for this row at or before <see cref="Snapshot"/>.</summary>
    public bool Changed { get; } = changed;

    public int Revision => Changed ? State.Revision : 0;

    public bool MutationArchived => Changed && State.IsArchived;

    public ulong Field(ulong field) => Hashing.Field(Hash, field);

    /// <summary>Draws that never change for the row.</summary>
    public Rng Rng(ulong field) => new(Field(field));

    /// <summary>Draws for the row's mutable fields: reseeded by every update so updates visibly change content.</summary>
    public Rng Mutable(ulong field) => new(Field(field) ^ Hashing.Mix((ulong)Revision + 0x5EED));

    public ulong MutableHash(ulong field) => Field(field) ^ Hashing.Mix((ulong)Revision + 0x5EED);
}
