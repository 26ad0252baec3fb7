namespace MedPayIQ.Pricing;

/// <summary>The lines of one date of service (or of the whole claim, for claim rules), as rules see them.</summary>
internal ref struct ClaimDay
{
    internal ClaimDay(ClaimPrice work, ReadOnlySpan<int> lines, int context)
    {
        Work = work;
        Lines = lines;
        ContextIndex = context;
    }

    internal readonly ClaimPrice Work;

    /// <summary>The indexes of the day's lines in the claim.</summary>
    public readonly ReadOnlySpan<int> Lines;

    internal readonly int ContextIndex;

    /// <summary>The claim's fields (its lines are the work's).</summary>
    public readonly Claim Claim => Work.Header;

    /// <summary>What the date and place decide (release, locality, conversion factor); a claim rule's first line's.</summary>
    public readonly ref readonly PricingContext Context => ref Work.Contexts[ContextIndex];

    /// <summary>A line of the day, by its index in the claim.</summary>
    public readonly LineView Line(int index) => new(Work, index);

    /// <summary>How many priced, non-anesthesia lines of the day have one of the multiple procedure indicators (a bit per indicator).</summary>
    public readonly int Count(uint indicators)
    {
        int count = 0;
        var states = Work.States;
        foreach (int i in Lines)
        {
            ref readonly var s = ref states[i];
            if (s.Outcome == PriceOutcome.Priced && !s.Anesthesia && ((1u << (int)s.Mult) & indicators) != 0)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The steps written so far, in the order of the rules (claim rules read them to write the remittance).</summary>
    public readonly Span<Adjustment> Written => Work.Written.Items.AsSpan(0, Work.Written.Count);
}
