namespace MedPayIQ.Ncci.Tests;

/// <summary>
/// A snapshot's hash slots checked eight at a time say what the one-at-a-time check says, damaged or not. (Turning the
/// vectors off is process-wide, but either way the check is right: other tests reading snapshots meanwhile are not affected.)
/// </summary>
public class SlotCheckTests
{
    private static string? Check(PtpTableData d, ulong[] slots, int count, int block, bool vectorized)
    {
        bool was = SlotCheck.Vectorized;
        SlotCheck.Vectorized = vectorized;
        try
        {
            var check = new SlotCheck(slots.Length, d.Codes, d.Days.Length, d.Rationales.Length);
            for (int at = 0; at < slots.Length; at += block)
            {
                check.Add(slots.AsSpan(at, Math.Min(block, slots.Length - at)));
            }

            return check.End(count);
        }
        finally
        {
            SlotCheck.Vectorized = was;
        }
    }

    [Fact]
    public void Eight_at_a_time_and_one_at_a_time_find_the_same_problem_or_none()
    {
        Assert.SkipUnless(SlotCheck.VectorSupported, "this machine has no AVX-512: slots are checked one at a time only");
        var d = PtpTableTests.Load(PtpTableTests.Generated.Value.Bytes).Data;
        var intact = d.Slots.Span.ToArray();
        d.Slots.KeepAlive();
        foreach (int block in new[] { 8_192, 1_000, 13 })
        {
            Assert.Null(Check(d, intact, d.Count, block, vectorized: false));
            Assert.Null(Check(d, intact, d.Count, block, vectorized: true));
        }

        var random = new Random(11);
        int found = 0;
        for (int i = 0; i < 300; i++)
        {
            var slots = (ulong[])intact.Clone();
            int count = d.Count;
            int at = random.Next(slots.Length);
            switch (i % 5)
            {
                case 0: // a bit flipped anywhere in a slot
                    slots[at] ^= 1UL << random.Next(64);
                    break;
                case 1: // a full slot emptied: the count differs, a later slot of its run may be unreachable
                    at = Array.FindIndex(slots, at, s => s != 0) is var f and >= 0 ? f : Array.FindIndex(slots, s => s != 0);
                    slots[at] = 0;
                    break;
                case 2: // two slots swapped
                    int other = random.Next(slots.Length);
                    (slots[at], slots[other]) = (slots[other], slots[at]);
                    break;
                case 3: // an edit moved into a free slot far from its home
                    int free = Array.IndexOf(slots, 0UL, random.Next(slots.Length / 2));
                    int full = Array.FindIndex(slots, s => s != 0);
                    (slots[free], slots[full]) = (slots[full], 0UL);
                    break;
                default: // the count recorded off by one
                    count += 1;
                    break;
            }

            int block = new[] { 8_192, 1_000, 13 }[i % 3];
            string? scalar = Check(d, slots, count, block, vectorized: false);
            Assert.Equal(scalar, Check(d, slots, count, block, vectorized: true));
            found += scalar is null ? 0 : 1;
        }

        Assert.True(found > 150, $"{found} of 300 damaged slot arrays were found damaged"); // a swap of two free slots, or of a pair's own run, is no damage
    }
}
