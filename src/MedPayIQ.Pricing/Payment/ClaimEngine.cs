using System.Collections.Immutable;

namespace MedPayIQ.Pricing;

/// <summary>
/// The state of one line while its claim is priced, kept as the line's result. Rules see it through
/// <see cref="LineView"/>. Money that is final is in whole cents; running amounts are exact decimals, rounded once.
/// </summary>
internal struct LineState
{
    public RvuEntry[] Rows;        // the release's rows (or PaymentCalculator.NoRow)
    public int RowIndex;           // the line's row among them
    public MultipleProcedureIndicator Mult; // the row's MULT PROC and status, kept here: every claim pass reads them
    public StatusCode Status;

    public readonly ref readonly RvuEntry Row => ref Rows[RowIndex];

    public Modifier RowModifier;   // 26, TC, 53 or none
    private byte _outcome, _setting, _confidence, _schedule;

    public PriceOutcome Outcome { readonly get => (PriceOutcome)_outcome; set => _outcome = (byte)value; }

    public PricingSetting Setting { readonly get => (PricingSetting)_setting; set => _setting = (byte)value; }

    public PriceConfidence Confidence { readonly get => (PriceConfidence)_confidence; set => _confidence = (byte)value; }

    /// <summary>The schedule that prices the line (the PFS, or CLFS, DMEPOS, ASP).</summary>
    public PaymentSchedule Schedule { readonly get => (PaymentSchedule)_schedule; set => _schedule = (byte)value; }

    public ModifierEffect Effect;
    private byte _flags;           // UnknownModifier, OtherSchedule: one byte, so that the state (a claim result's largest part) does not grow

    /// <summary>The line carries a modifier the library does not know.</summary>
    public bool UnknownModifier { readonly get => (_flags & 1) != 0; set => _flags = (byte)(value ? _flags | 1 : _flags & ~1); }

    /// <summary>A CLFS, DMEPOS, PEN or ASP file of the line's date lists its code (<see cref="PartBScheduleRule.Lists"/>, asked once).</summary>
    public bool OtherSchedule { readonly get => (_flags & 2) != 0; set => _flags = (byte)(value ? _flags | 2 : _flags & ~2); }

    public short Context;
    public decimal Fee;            // one unit of the row, as published (rounded once), after the OPPS cap
    public bool HasCap;            // the row has OPPS RVUs (its cap is shown when read)
    public bool HasFee;            // the fee schedule amount was computed

    /// <summary>The amount the line's steps start from: its fee (PFS or another schedule), else 0.</summary>
    public readonly decimal StartAmount => HasFee || Schedule != PaymentSchedule.PhysicianFeeSchedule ? Fee : 0m;
    public decimal Amount;         // exact running amount
    public int Units;              // procedures the line counts for in ranking

    /// <summary>One unit after the line's own modifiers (share, bilateral): what ranking compares.</summary>
    public readonly decimal Unit => Units == 1 ? Amount : Amount / Units;
    public bool Bilateral;         // priced as one bilateral procedure
    public bool Anesthesia;
    public bool ChargeApplied;     // the charge was lower than the fee
    public long ComparedCharge;    // the charge Medicare compares with (both sides for a bilateral pair); -1: none
    public long Allowed, Deductible, Coinsurance, Sequestration, HpsaBonus, LimitingCharge; // cents; LimitingCharge -1: none

    /// <summary>What Medicare pays: the allowed amount less the deductible, coinsurance and sequestration.</summary>
    public readonly long Payment => Allowed - Deductible - Coinsurance - Sequestration;
    public string? ConfidenceReason;
    public short DecidedBy;        // the adjustment that decided a non-priced outcome; -1: none
    public LineWarning Warnings;
}

/// <summary>A procedure (or an endoscopy family) in a day's ranking.</summary>
internal struct RankItem
{
    public decimal Value;     // per unit, or the family's total
    public decimal Secondary; // compared when values are equal, highest first (therapy: the total fee)
    public long Count;        // units
    public long TieKey;       // code and modifier: equal items are interchangeable, so line order never matters
    public int Line;          // first line (the family's members carry the family id)
    public int Family;        // -1 for a lone procedure
    public MultipleProcedureIndicator Indicator;

    /// <summary>Sorts by value, highest first, then by the secondary value, then by code: an insertion sort, as a day's procedures are few.</summary>
    public static void Sort(Span<RankItem> items)
    {
        if (items.Length > 32)
        {
            items.Sort(static (a, b) => Before(a, b) ? -1 : Before(b, a) ? 1 : 0);
            return;
        }

        for (int i = 1; i < items.Length; i++)
        {
            var item = items[i];
            int j = i - 1;
            while (j >= 0 && Before(item, items[j]))
            {
                items[j + 1] = items[j];
                j--;
            }

            items[j + 1] = item;
        }
    }

    private static bool Before(in RankItem a, in RankItem b)
        => a.Value > b.Value || (a.Value == b.Value && (a.Secondary > b.Secondary || (a.Secondary == b.Secondary && a.TieKey < b.TieKey)));
}

/// <summary>One rule applied to one line: written when the price is computed, turned into text only when read.</summary>
/// <remarks>The amount before an adjustment is the line's amount after its previous one (its fee before the first).</remarks>
internal struct Adjustment
{
    // The decimals and the long first, the small fields after them: 72 bytes, not the 80 that padding made of the
    // fields in their reading order (a claim's adjustments are most of what pricing it allocates).
    public decimal Factor, After, Value;
    public long RemittanceCents;   // the part of the line's charge the remittance gives this adjustment
    public int Line;
    public int Arg, Arg2;
    private byte _rule;            // the rule's place in the ordered list: no object reference in the claim's scratch
    public byte CodeId;            // the remittance code, as RemittanceCodes numbers them
    public bool Decision;          // the adjustment decided the line's outcome

    public readonly RemittanceCode Code => RemittanceCodes.Of(CodeId);

    /// <summary>The rule that wrote the adjustment.</summary>
    public ClaimRule Rule
    {
        readonly get => ClaimRules.Run[_rule].Rule;
        init => _rule = ClaimRules.IndexOf(value);
    }
}

/// <summary>A growable list of adjustments shared by a claim's lines.</summary>
internal struct AdjustmentList
{
    public Adjustment[] Items;
    public int Count;
    private readonly int _first;

    /// <param name="lines">The claim's lines: the first array holds one adjustment a line and one more (a million
    /// generated lines averaged 1.05 a line), so most claims allocate it once, not twice.</param>
    public AdjustmentList(int lines)
    {
        Items = [];
        _first = Math.Max(lines + 1, 4);
    }

    /// <summary>Empties the list for another claim, keeping its array.</summary>
    public void Clear() => Count = 0;

    public void Add(int line, ClaimRule rule, decimal after, decimal factor = 0m, decimal value = 0m, int arg = 0, int arg2 = 0)
        => Add(line, rule, after, factor, value, arg, arg2, rule.RemittanceId, false);

    public void Add(int line, ClaimRule rule, decimal after, decimal factor, decimal value, int arg, int arg2, byte code, bool decision)
    {
        if (Count == Items.Length)
        {
            Array.Resize(ref Items, Math.Max(Items.Length * 2, _first));
        }

        Items[Count++] = new Adjustment { Line = line, Rule = rule, After = after, Factor = factor, Value = value, Arg = arg, Arg2 = arg2, CodeId = code, Decision = decision };
    }
}

/// <summary>
/// Prices a claim: each line's own facts (date, place, setting, modifiers, charge), then every rule of
/// <see cref="ClaimRules.Ordered"/> in that order, each over the lines of each date of service (or, for the
/// deductible and the charge, over the whole claim). The result holds every amount: nothing is computed when read.
/// </summary>
internal static class ClaimEngine
{
    /// <param name="calculator">The calculator whose catalog prices the lines.</param>
    /// <param name="claim">The claim.</param>
    /// <param name="gated">
    /// Whether a rule whose <see cref="RuleNeeds"/> the claim does not meet is skipped (the default). The gate only saves
    /// work: the tests price claims both ways and require the same answer.
    /// </param>
    /// <param name="reuse">A result whose arrays are reused for this claim (<see cref="ClaimPricer"/>), or null for a new one.</param>
    public static ClaimPrice Price(PaymentCalculator calculator, Claim claim, bool gated = true, ClaimPrice? reuse = null)
        => PriceInto(calculator, claim, reuse is null ? new ClaimPrice(claim) : reuse.Reuse(claim, claim.Lines.AsSpan(), apart: false), gated);

    /// <summary>Prices <paramref name="lines"/> with <paramref name="claim"/>'s fields (not its lines) into <paramref name="reuse"/>.</summary>
    public static ClaimPrice Price(PaymentCalculator calculator, Claim claim, ReadOnlySpan<ClaimLine> lines, ClaimPrice? reuse)
        => PriceInto(calculator, claim, (reuse ?? new ClaimPrice(claim)).Reuse(claim, lines, apart: true), gated: true);

    private static ClaimPrice PriceInto(PaymentCalculator calculator, Claim claim, ClaimPrice work, bool gated)
    {
        var lines = work.ClaimLines;
        int n = work.LineCount;
        var states = work.States;
        for (int i = 0; i < n; i++)
        {
            ref readonly var line = ref lines[i];
            ref var s = ref states[i];
            s.Context = (short)ContextFor(calculator, claim, line.DateOfService, work);
            s.Setting = line.PlaceOfService?.Setting ?? claim.PlaceOfService?.Setting ?? claim.Setting;
            s.Effect = PaymentModifiers.Of(line.Modifiers, out bool unknownModifier);
            s.UnknownModifier = unknownModifier;
            s.ComparedCharge = BilledCents(line);
            s.LimitingCharge = -1;
            s.DecidedBy = -1;
            s.Rows = PaymentCalculator.NoRow;
            s.RowModifier = PaymentModifiers.RowModifier(s.Effect);
            s.Outcome = PriceOutcome.Priced; // open until a rule decides otherwise
            work.Seen.Effects |= s.Effect;
            work.Seen.Set(Seen.Modifiers, line.Modifiers.Count > 0);
            work.Seen.Set(Seen.SeveralUnits, line.Units > 1);
            work.Seen.Set(Seen.Charges, line.BilledCharge.HasValue);
            s.OtherSchedule = PartBScheduleRule.MayRoute(work.Contexts[s.Context], line.Hcpcs, s.RowModifier);
            work.Seen.Set(Seen.OtherSchedules, s.OtherSchedule);
            work.Seen.Set(Seen.InvalidLines, !LineValidityRule.IsValid(line));
        }

        work.Seen.Set(Seen.NonParticipating, claim.Participation == Participation.NonParticipating);
        work.Seen.Set(Seen.NonPhysician, claim.Provider != ProviderKind.Physician);
        work.Seen.Set(Seen.Sequestration, claim.ApplySequestration);
        work.Seen.Set(Seen.Deductible, claim.DeductibleRemaining > 0m);
        work.Seen.Set(Seen.HpsaBonus, claim.Provider == ProviderKind.Physician && (claim.InShortageArea || (work.Seen.Effects & ModifierEffect.Hpsa) != 0));

        if (work.ContextCount == 1)
        {
            Run(work, Identity(n), gated); // one date of service: every rule sees the lines in claim order
        }
        else
        {
            RunByDate(work, gated);
        }

        work.Complete();
        return work;
    }

    /// <summary>The lines grouped by date of service (context), in claim order within a date; each rule run over each date in turn.</summary>
    private static void RunByDate(ClaimPrice work, bool gated)
    {
        int n = work.LineCount;
        Span<int> grouped = n <= 256 ? stackalloc int[n] : new int[n];
        int contexts = work.ContextCount;
        Span<int> starts = contexts <= 63 ? stackalloc int[contexts + 1] : new int[contexts + 1];
        int k = 0;
        for (int c = 0; c < contexts; c++)
        {
            starts[c] = k;
            for (int i = 0; i < n; i++)
            {
                if (work.States[i].Context == c)
                {
                    grouped[k++] = i;
                }
            }
        }

        starts[contexts] = k;
        var rules = ClaimRules.Run;
        for (int r = 0; r < rules.Length; r++)
        {
            ref readonly var rule = ref rules[r];
            if (gated && !rule.NeedsMetBy(work.Seen))
            {
                continue; // nothing on the claim the rule looks at
            }

            if (rule.WholeClaim)
            {
                var all = new ClaimDay(work, grouped, 0);
                rule.Rule.Apply(ref all);
                continue;
            }

            for (int c = 0; c < contexts; c++)
            {
                var day = new ClaimDay(work, grouped[starts[c]..starts[c + 1]], c);
                rule.Rule.Apply(ref day);
            }
        }
    }

    /// <summary>Every rule over the lines of a claim of one date of service.</summary>
    private static void Run(ClaimPrice work, ReadOnlySpan<int> lines, bool gated)
    {
        var rules = ClaimRules.Run;
        for (int r = 0; r < rules.Length; r++)
        {
            ref readonly var rule = ref rules[r];
            if (gated && !rule.NeedsMetBy(work.Seen))
            {
                continue; // nothing on the claim the rule looks at
            }

            var all = new ClaimDay(work, lines, 0);
            rule.Rule.Apply(ref all);
        }
    }

    /// <summary>Lines 0 to n - 1 in order (a shared array that rules only read), or a new array for a claim of more lines.</summary>
    private static ReadOnlySpan<int> Identity(int n) => n <= Lines.Length ? Lines.AsSpan(0, n) : Enumerable.Range(0, n).ToArray();

    private static readonly int[] Lines = [.. Enumerable.Range(0, 256)];

    /// <summary>The line's own charge in cents, or -1 when none (or a negative one) is given.</summary>
    internal static long BilledCents(in ClaimLine line) => line.BilledCharge is { } charge && charge >= 0m ? Money.Cents(charge) : -1;

    private static int ContextFor(PaymentCalculator calculator, Claim claim, DateOnly date, ClaimPrice work)
    {
        ref var contexts = ref work.Contexts;
        int count = work.ContextCount;
        for (int c = 0; c < count; c++)
        {
            if (contexts[c].DateOfService == date)
            {
                return c;
            }
        }

        bool qualifying = claim.ApmStatus == ApmStatus.QualifyingParticipant;
        if (count == 0 && !work.OwnsContexts)
        {
            contexts = calculator.ClaimContexts(date, claim.Location, qualifying); // shared, read-only from here on: a second date copies it
            return work.ContextCount++;
        }

        if (count == contexts.Length)
        {
            Array.Resize(ref contexts, Math.Max(2, count * 2)); // a new array: a shared one is never written
        }

        if (work.OwnsContexts)
        {
            // A reused result (ClaimPricer) resolves the date into its own array, kept from claim to claim: no memo, no
            // array (resolving is about 26 ns; the memo's arrays were 17% of what a million lines allocated once the
            // results were reused).
            contexts[count] = default;
            calculator.Resolve(ref contexts[count], date, claim.Location, qualifying);
        }
        else
        {
            contexts[count] = calculator.ClaimContexts(date, claim.Location, qualifying)[0];
        }

        return work.ContextCount++;
    }
}

/// <summary>Dollars and whole cents.</summary>
internal static class Money
{
    /// <summary>Whole cents of an amount, rounded once to the cent, half away from zero.</summary>
    public static long Cents(decimal amount)
    {
        // On the decimal's own integer and scale: rounding a 64-bit mantissa takes one division, not Math.Round.
        var parts = default(DecimalParts); // a local of four ints, not a stackalloc: no stack-guard check on every call
        Span<int> bits = parts;
        decimal.GetBits(amount, bits);
        int scale = (bits[3] >> 16) & 0xFF;
        if (bits[2] == 0 && scale <= 19)
        {
            ulong mantissa = unchecked(((ulong)(uint)bits[1] << 32) | (uint)bits[0]);
            if (scale > 2)
            {
                ulong divisor = PowersOfTen[scale - 2];
                ulong quotient = mantissa / divisor;
                mantissa = quotient + ((mantissa - (quotient * divisor)) >= (divisor + 1) / 2 ? 1UL : 0UL); // half away from zero
            }
            else if (scale < 2)
            {
                mantissa = mantissa <= ulong.MaxValue / 100 ? mantissa * PowersOfTen[2 - scale] : ulong.MaxValue;
            }

            if (mantissa <= long.MaxValue)
            {
                return bits[3] < 0 ? -(long)mantissa : (long)mantissa;
            }
        }

        return decimal.ToInt64(Math.Round(amount, 2, MidpointRounding.AwayFromZero) * 100m);
    }

    private static readonly ulong[] PowersOfTen =
    [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000,
        100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000,
        10_000_000_000_000_000, 100_000_000_000_000_000,
    ];

    /// <summary>The four ints of a decimal (<see cref="decimal.GetBits(decimal, Span{int})"/>).</summary>
    [System.Runtime.CompilerServices.InlineArray(4)]
    private struct DecimalParts
    {
        private int _first;
    }

    /// <summary>Dollars of a number of cents.</summary>
    public static decimal Dollars(long cents) => new(unchecked((int)Math.Abs(cents)), unchecked((int)(Math.Abs(cents) >> 32)), 0, cents < 0, 2);
}
