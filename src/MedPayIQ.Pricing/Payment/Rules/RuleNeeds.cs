namespace MedPayIQ.Pricing;

/// <summary>
/// What the lines of a claim have, as far as the rules so far know: a rule none of whose lines can be there is not run.
/// One 64-bit word (modifier effects in bits 0-31, MULT PROC indicators in 32-47, <see cref="Seen"/> facts in 48-63), so
/// that a rule's needs are checked with one AND.
/// </summary>
internal struct SeenOnClaim
{
    internal const int IndicatorShift = 32, FlagShift = 48;

    public ulong Bits;

    /// <summary>Every line's modifier effects together.</summary>
    public ModifierEffect Effects
    {
        readonly get => (ModifierEffect)unchecked((uint)Bits);
        set => Bits |= (uint)value; // facts are only ever added
    }

    /// <summary>A bit for every MULT PROC indicator of a line's row.</summary>
    public uint Indicators
    {
        readonly get => unchecked((uint)(Bits >> IndicatorShift)) & 0xFFFF;
        set => Bits |= (ulong)(value & 0xFFFF) << IndicatorShift;
    }

    public readonly Seen Flags => unchecked((Seen)(Bits >> FlagShift));

    public bool Modifiers { readonly get => (Flags & Seen.Modifiers) != 0; set => Set(Seen.Modifiers, value); }

    public bool Anesthesia { readonly get => (Flags & Seen.Anesthesia) != 0; set => Set(Seen.Anesthesia, value); }

    public bool SeveralUnits { readonly get => (Flags & Seen.SeveralUnits) != 0; set => Set(Seen.SeveralUnits, value); }

    public bool OppsCap { readonly get => (Flags & Seen.OppsCap) != 0; set => Set(Seen.OppsCap, value); }

    public void Set(Seen flag, bool value) => Bits |= value ? (ulong)flag << FlagShift : 0;
}

/// <summary>What a claim has that some rule looks for.</summary>
[Flags]
internal enum Seen : ushort
{
    None = 0,
    Modifiers = 1 << 0,
    Anesthesia = 1 << 1,
    SeveralUnits = 1 << 2,
    OppsCap = 1 << 3,
    InjectionStatus = 1 << 4,
    Charges = 1 << 5,
    NonParticipating = 1 << 6,
    NonPhysician = 1 << 7,
    Sequestration = 1 << 8,
    Deductible = 1 << 9,
    HpsaBonus = 1 << 10,
    OtherSchedules = 1 << 11, // a line's code is on the CLFS, DMEPOS or ASP file of its date
    InvalidLines = 1 << 12,   // a line that cannot be priced as billed
    Statuses = 1 << 13,       // a row whose status is not A or T
}

/// <summary>
/// What a rule needs to have anything to do: any of these modifier effects, seen facts or MULT PROC indicators on the
/// claim (none of them: every claim). The engine skips a rule whose needs the claim does not meet, without calling it.
/// </summary>
internal readonly record struct RuleNeeds(ModifierEffect AnyEffect = ModifierEffect.None, Seen AnySeen = Seen.None, uint AnyIndicator = 0)
{
    /// <summary>The needs as <see cref="SeenOnClaim.Bits"/> (0 for default: always met).</summary>
    public ulong Mask { get; } = (uint)AnyEffect | ((ulong)(AnyIndicator & 0xFFFF) << SeenOnClaim.IndicatorShift) | ((ulong)AnySeen << SeenOnClaim.FlagShift);

    /// <summary>Whether what is seen meets needs given as a mask (0: always).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static bool Met(ulong mask, in SeenOnClaim seen) => mask == 0 || (seen.Bits & mask) != 0;

    public static uint Bit(MultipleProcedureIndicator indicator) => 1u << (int)indicator;
}
