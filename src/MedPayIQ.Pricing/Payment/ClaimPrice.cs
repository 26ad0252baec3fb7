using System.Collections.Immutable;

namespace MedPayIQ.Pricing;

/// <summary>
/// The price of a whole claim: each line, and the totals, all computed when the claim was priced. Lines of one date of
/// service are one provider's services to one beneficiary that day.
/// </summary>
public sealed class ClaimPrice
{
    internal ClaimPrice(Claim claim)
    {
        Header = claim;
        _claim = claim;
        ClaimLines = OwnLines(claim);
        LineCount = ClaimLines.Length;
        States = new LineState[LineCount];
        Written = new AdjustmentList(LineCount);
    }

    /// <summary>
    /// Empties the result for another claim (<see cref="ClaimPricer"/>), keeping its arrays where they are large
    /// enough: every field the engine reads before writing is as a new result has it. The claim's fields are
    /// <paramref name="header"/>'s and its lines <paramref name="lines"/>: with <paramref name="apart"/>, lines given
    /// apart from the claim, copied into the result's own array (the caller's buffer may change once this returns);
    /// without it, the header's own lines, used where they are.
    /// </summary>
    internal ClaimPrice Reuse(Claim header, ReadOnlySpan<ClaimLine> lines, bool apart)
    {
        int n = lines.Length;
        Header = header;
        if (apart)
        {
            _claim = null; // made when read
            if (_ownLines is null || _ownLines.Length < n)
            {
                _ownLines = new ClaimLine[Math.Max(n, 2 * (_ownLines?.Length ?? 4))];
            }

            lines.CopyTo(_ownLines);
            ClaimLines = _ownLines;
        }
        else
        {
            _claim = header;
            ClaimLines = OwnLines(header);
        }

        if (States.Length < n)
        {
            States = new LineState[Math.Max(n, 2 * States.Length)];
        }
        else
        {
            Array.Clear(States, 0, Math.Max(LineCount, n)); // the states past n as well: nothing of the last claim stays reachable
        }

        LineCount = n;
        Written.Clear();
        if (!OwnsContexts)
        {
            Contexts = new PricingContext[2]; // its own from here on, not the calculator's shared ones
            OwnsContexts = true;
        }

        ContextCount = 0;
        DecisionTexts = null;
        Seen = default;
        UnpricedLines = 0;
        _linesByCount ??= new LinePrice[]?[17];
        _lines = n < _linesByCount.Length && _linesByCount[n] is { } same // (owner, index) pairs: the same for every claim of n lines
            ? System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(same)
            : default;
        return this;
    }

    /// <summary>The lines of <see cref="Lines"/> a reused result made, by their count (null for a result never reused).</summary>
    private LinePrice[]?[]? _linesByCount;

    /// <summary>The totals, once every rule has run.</summary>
    internal void Complete()
    {
        long allowed = 0, deductible = 0, coinsurance = 0, sequestration = 0, bonus = 0;
        foreach (ref readonly var s in States.AsSpan(0, LineCount))
        {
            allowed += s.Allowed;
            deductible += s.Deductible;
            coinsurance += s.Coinsurance;
            sequestration += s.Sequestration;
            bonus += s.HpsaBonus;
            UnpricedLines += s.Outcome == PriceOutcome.Priced ? 0 : 1;
        }

        _allowed = allowed;
        _deductible = deductible;
        _coinsurance = coinsurance;
        _sequestration = sequestration;
        _bonus = bonus;
    }

    private long _allowed, _deductible, _coinsurance, _sequestration, _bonus;

    /// <summary>The claim's lines: the first <see cref="LineCount"/> (the claim's own array, or the result's when the lines were given apart).</summary>
    internal ClaimLine[] ClaimLines;

    /// <summary>A claim's own lines, as the array behind them (no copy: the claim is immutable).</summary>
    private static ClaimLine[] OwnLines(Claim claim) => System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsArray(claim.Lines)!;

    /// <summary>The array a reused result copies lines given apart from their claim into.</summary>
    private ClaimLine[]? _ownLines;

    /// <summary>The claim whose fields (location, place, provider, participation...) the lines were priced with; its own lines are <see cref="ClaimLines"/>.</summary>
    internal Claim Header;

    private Claim? _claim;

    /// <summary>The lines' states: the first <see cref="LineCount"/> (a reused result's array can be longer).</summary>
    internal LineState[] States;

    /// <summary>The claim's lines.</summary>
    internal int LineCount;

    /// <summary>What each date of service decides (shared with the calculator's memo until a second date is added, unless <see cref="OwnsContexts"/>).</summary>
    internal PricingContext[] Contexts = [];

    internal int ContextCount;

    /// <summary>The result's <see cref="Contexts"/> are its own, reused from claim to claim (<see cref="ClaimPricer"/>): dates are resolved into them.</summary>
    internal bool OwnsContexts;

    /// <summary>The sentences of the lines whose outcome a rule decided with one (made when the first is written).</summary>
    internal string?[]? DecisionTexts;

    /// <summary>The adjustments the rules wrote, in the order of the rules.</summary>
    internal AdjustmentList Written;

    /// <summary>What the claim's lines have, for the engine to skip rules with nothing to do (only while pricing).</summary>
    internal SeenOnClaim Seen;

    /// <summary>The claim priced (for lines priced apart from their claim, <see cref="ClaimPricer.Price(Claim, ReadOnlySpan{ClaimLine})"/>, made when first read).</summary>
    public Claim Claim => _claim ??= Header with { Lines = [.. ClaimLines.AsSpan(0, LineCount)] };

    /// <summary>Each line's price, in claim order (views into this result, made when first read).</summary>
    public ImmutableArray<LinePrice> Lines
    {
        get
        {
            if (_lines.IsDefault)
            {
                var lines = new LinePrice[LineCount];
                for (int i = 0; i < lines.Length; i++)
                {
                    lines[i] = new LinePrice(this, i);
                }

                _lines = System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(lines); // a race makes equal arrays
                if (_linesByCount is { } made && lines.Length < made.Length)
                {
                    made[lines.Length] = lines;
                }
            }

            return _lines;
        }
    }

    private ImmutableArray<LinePrice> _lines;

    /// <summary>Sum of the lines' allowed amounts, dollars.</summary>
    public decimal AllowedAmount => Money.Dollars(_allowed);

    /// <summary>Sum of the deductible applied.</summary>
    public decimal Deductible => Money.Dollars(_deductible);

    /// <summary>Sum of the coinsurance.</summary>
    public decimal Coinsurance => Money.Dollars(_coinsurance);

    /// <summary>Sum of the sequestration.</summary>
    public decimal Sequestration => Money.Dollars(_sequestration);

    /// <summary>Sum of the Medicare payments.</summary>
    public decimal MedicarePayment => Money.Dollars(_allowed - _deductible - _coinsurance - _sequestration);

    /// <summary>Sum of the HPSA bonuses (paid quarterly, apart from the claim).</summary>
    public decimal HpsaBonus => Money.Dollars(_bonus);

    /// <summary>Sum of the lines' charges as the remittance states them (<see cref="LinePrice.Charge"/>); summed when read.</summary>
    public decimal Charge
    {
        get
        {
            decimal charge = 0m;
            foreach (var line in Lines)
            {
                charge += line.Charge;
            }

            return charge;
        }
    }

    /// <summary>Lines whose outcome is not <see cref="PriceOutcome.Priced"/> (carrier priced, bundled, not payable, unknown, invalid).</summary>
    public int UnpricedLines { get; private set; }
}
