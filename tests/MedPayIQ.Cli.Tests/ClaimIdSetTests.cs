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
