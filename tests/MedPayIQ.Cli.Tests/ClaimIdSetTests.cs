using FsCheck;
using FsCheck.Xunit;
using MedPayIQ.Cli.Reprice;
using Xunit;

namespace MedPayIQ.Cli.Tests;

/// <summary>The reader's set of the claim ids done (<see cref="ClaimIdSet"/>) answers as a <c>HashSet&lt;string&gt;</c> does.</summary>
public sealed class ClaimIdSetTests
{
    [Property(MaxTest = 200)]
    public void Adds_and_lookups_answer_as_a_hash_set_of_strings(NonNull<string>[] ids, NonNull<string>[] probes)
    {
        var set = new ClaimIdSet();
        var expected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            Assert.Equal(expected.Add(id.Get), set.Add(id.Get));
        }

        Assert.Equal(expected.Count, set.Count);
        foreach (var probe in probes.Select(p => p.Get).Concat(ids.Select(i => i.Get)))
        {
            Assert.Equal(expected.Contains(probe), set.Contains(probe));
        }
    }

    [Property(MaxTest = 200)]
    public void A_place_found_by_a_lookup_adds_as_a_plain_add_does(NonNull<string>[] ids, PositiveInt expected)
    {
        // As the reader uses it: an id looked up when its claim starts, added at that place when the next starts; the
        // set sized ahead (from a guess, right or wrong) or not; a place kept across another id's add looks again.
        var set = new ClaimIdSet();
        var plain = new HashSet<string>(StringComparer.Ordinal);
        if (expected.Get % 3 != 0)
        {
            set.EnsureCapacity(expected.Get % 1_000);
        }

        ClaimIdSet.Place stale = default;
        string? staleId = null;
        foreach (var id in ids.Select(i => i.Get))
        {
            Assert.Equal(plain.Contains(id), set.Contains(id, out var place));
            Assert.Equal(plain.Contains(id), set.Contains(id, set.Prefetch(id), out var prefetched)); // the reader's two-step look
            Assert.Equal(place, prefetched);
            if (staleId is not null && plain.Add(staleId))
            {
                Assert.True(set.Add(staleId, stale)); // the set changed since: looked up again
            }

            Assert.Equal(plain.Add(id), set.Add(id, place));
            (stale, staleId) = (place, id + "!");
            Assert.Equal(plain.Count, set.Count);
        }

        Assert.All(plain, id => Assert.True(set.Contains(id)));
    }

    [Fact]
    public void Hundreds_of_thousands_of_ids_and_a_long_one_across_blocks()
    {
        var set = new ClaimIdSet();
        for (int i = 0; i < 300_000; i++)
        {
            Assert.True(set.Add("C" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        string longId = new('x', 70_000);
        Assert.True(set.Add(longId));
        Assert.True(set.Add(""));
        Assert.False(set.Add("C299999"));
        Assert.True(set.Contains("C0") && set.Contains(longId) && set.Contains("") && set.Contains("C150000"));
        Assert.False(set.Contains("C300000") || set.Contains(longId.AsSpan(1)));
        Assert.Equal(300_002, set.Count);
    }
}
