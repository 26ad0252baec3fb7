using System.Runtime.InteropServices;

namespace MedPayIQ.Cli.Reprice;

/// <summary>
/// The claim ids a claim file has finished, compared exactly, in about a third of a <c>HashSet&lt;string&gt;</c>'s
/// memory: each id's characters copied once into blocks of 64 K characters, found through an open-addressing table of
/// 8-byte slots (28 bits of the id's hash code beside its position; no string object kept per claim). The reader holds one for the whole file (how a claim whose
/// rows are not consecutive is caught), so it is the one part of the pipeline's memory that grows with the file.
/// </summary>
internal sealed class ClaimIdSet
{
    private const int BlockSize = 1 << 16;
    private readonly List<char[]> _blocks = [];
    private int _used = BlockSize; // in the last block: a full one to start, so the first id takes a new block
    private const int PositionBits = 36; // block << 16 | offset, + 1 (0 is an empty slot); the hash's 28 bits above
    private const long PositionMask = (1L << PositionBits) - 1;
    private long[] _slots = new long[1 << 12];

    /// <summary>The ids in the set.</summary>
    public int Count { get; private set; }

    /// <summary>Whether <paramref name="id"/> is in the set.</summary>
    public bool Contains(ReadOnlySpan<char> id) => _slots[Find(id, Hash(id))] != 0;

    /// <summary>
    /// Whether <paramref name="id"/> is in the set, and where it would go (<paramref name="place"/>): <see cref="Add(ReadOnlySpan{char}, Place)"/>
    /// of the same id, with no other id added in between, puts it there without hashing and probing it again.
    /// </summary>
    public bool Contains(ReadOnlySpan<char> id, out Place place) => Contains(id, Hash(id), out place);

    /// <summary>
    /// Starts looking for <paramref name="id"/>: its hash, and its first slot brought toward the cache (the table is
    /// megabytes and an id's slot is anywhere in it); <see cref="Contains(ReadOnlySpan{char}, int, out Place)"/> with
    /// the hash finishes the look once the caller has done other work, instead of waiting on memory.
    /// </summary>
    public unsafe int Prefetch(ReadOnlySpan<char> id)
    {
        int hash = Hash(id);
        if (System.Runtime.Intrinsics.X86.Sse.IsSupported)
        {
            fixed (long* slot = &_slots[hash & (_slots.Length - 1)])
            {
                System.Runtime.Intrinsics.X86.Sse.Prefetch0(slot);
            }
        }

        return hash;
    }

    /// <summary>Whether <paramref name="id"/>, whose hash <see cref="Prefetch"/> gave, is in the set, and where it would go.</summary>
    public bool Contains(ReadOnlySpan<char> id, int hash, out Place place)
    {
        int slot = Find(id, hash);
        place = new Place(slot, hash, Count);
        return _slots[slot] != 0;
    }

    /// <summary>Where an id was looked for: its slot and hash, valid while the set has not changed.</summary>
    internal readonly record struct Place(int Slot, int Hash, int Count);

    /// <summary>Adds <paramref name="id"/>, found absent at <paramref name="place"/> (or looked for again when the set has changed since); false when it was there.</summary>
    public bool Add(ReadOnlySpan<char> id, Place place)
        => place.Count == Count && _slots[place.Slot] == 0 ? Insert(id, place.Hash, place.Slot) : Add(id);

    /// <summary>Adds <paramref name="id"/>; false when it was there.</summary>
    public bool Add(ReadOnlySpan<char> id)
    {
        int hash = Hash(id);
        int slot = Find(id, hash);
        return _slots[slot] == 0 && Insert(id, hash, slot);
    }

    private bool Insert(ReadOnlySpan<char> id, int hash, int slot)
    {
        if (id.Length + 2 > BlockSize - _used)
        {
            _blocks.Add(new char[Math.Max(BlockSize, id.Length + 2)]);
            _used = 0;
        }

        var block = _blocks[^1];
        block[_used] = (char)(id.Length >> 16);
        block[_used + 1] = (char)(id.Length & 0xFFFF);
        id.CopyTo(block.AsSpan(_used + 2));
        _slots[slot] = ((long)hash << PositionBits) | (((long)(_blocks.Count - 1) << 16 | (uint)_used) + 1);
        _used += id.Length + 2;
        if (++Count * 4 > _slots.Length * 3)
        {
            Resize(_slots.Length * 2);
        }

        return true;
    }

    private static int Hash(ReadOnlySpan<char> id)
    {
        var hash = default(HashCode);
        hash.AddBytes(MemoryMarshal.AsBytes(id));
        return hash.ToHashCode() & 0x0FFF_FFFF;
    }

    /// <summary>The slot of <paramref name="id"/>, or the empty slot where it would go.</summary>
    private int Find(ReadOnlySpan<char> id, int hash)
    {
        int mask = _slots.Length - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask)
        {
            long entry = _slots[slot];
            if (entry == 0 || ((int)(entry >>> PositionBits) == hash && Id(entry & PositionMask).SequenceEqual(id)))
            {
                return slot;
            }
        }
    }

    private ReadOnlySpan<char> Id(long position)
    {
        position--;
        var block = _blocks[(int)(position >> 16)];
        int offset = (int)(position & 0xFFFF);
        int length = (block[offset] << 16) | block[offset + 1];
        return block.AsSpan(offset + 2, length);
    }

    /// <summary>
    /// Makes room for <paramref name="ids"/> ids in all (at most 2^21 slots: 16 MB) before they are added: a reader
    /// that can tell the file's claims from its first ones saves the table's doublings (each one moves every id).
    /// </summary>
    public void EnsureCapacity(int ids)
    {
        long wanted = Math.Min((long)ids * 4 / 3, 1L << 21);
        if (wanted > _slots.Length)
        {
            Resize((int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)wanted));
        }
    }

    private void Resize(int length)
    {
        var slots = _slots;
        _slots = new long[length];
        int mask = _slots.Length - 1;
        foreach (long entry in slots)
        {
            if (entry != 0)
            {
                int slot = (int)(entry >>> PositionBits) & mask;
                while (_slots[slot] != 0)
                {
                    slot = (slot + 1) & mask;
                }

                _slots[slot] = entry;
            }
        }
    }
}
