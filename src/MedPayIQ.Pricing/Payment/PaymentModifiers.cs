namespace MedPayIQ.Pricing;

/// <summary>The payment meaning of a modifier, as bits (one lookup per modifier on the hot path).</summary>
[Flags]
internal enum ModifierEffect : uint
{
    None = 0,
    ProfessionalComponent = 1 << 0,
    TechnicalComponent = 1 << 1,
    Discontinued53 = 1 << 2,
    Bilateral50 = 1 << 3,
    Right = 1 << 4,
    Left = 1 << 5,
    Increased22 = 1 << 6,
    Reduced52 = 1 << 7,
    SurgicalCareOnly54 = 1 << 8,
    PostoperativeOnly55 = 1 << 9,
    PreoperativeOnly56 = 1 << 10,
    ReturnToOr78 = 1 << 11,
    Assistant80 = 1 << 12,
    Assistant81 = 1 << 13,
    Assistant82 = 1 << 14,
    AssistantNpp = 1 << 15,
    CoSurgeon62 = 1 << 16,
    Team66 = 1 << 17,
    AnesthesiaPersonal = 1 << 18,   // AA
    AnesthesiaSupervision = 1 << 19, // AD
    AnesthesiaDirected = 1 << 20,    // QK, QY: medical direction
    AnesthesiaDirectedCrna = 1 << 21, // QX
    AnesthesiaCrnaAlone = 1 << 22,   // QZ
    Hpsa = 1 << 23,                  // AQ
    NoPaymentEffect = 1 << 24,       // known: NCCI, informational, telehealth...

    RowModifier = ProfessionalComponent | TechnicalComponent | Discontinued53,
    SplitCare = SurgicalCareOnly54 | PostoperativeOnly55 | PreoperativeOnly56,
    GlobalShare = SplitCare | ReturnToOr78,
    Assistant = Assistant80 | Assistant81 | Assistant82 | AssistantNpp,
    Surgeons = Assistant | CoSurgeon62 | Team66,
    Anesthesia = AnesthesiaPersonal | AnesthesiaSupervision | AnesthesiaDirected | AnesthesiaDirectedCrna | AnesthesiaCrnaAlone,
}

/// <summary>The calculator's view of <see cref="ModifierCatalog"/>: each modifier's payment effect as bits (one lookup per modifier on the hot path).</summary>
internal static class PaymentModifiers
{
    private static readonly ModifierEffect[] Effects = Build();

    public static Modifier M50 { get; } = Modifier.Parse("50");

    public static Modifier RT { get; } = Modifier.Parse("RT");

    public static Modifier LT { get; } = Modifier.Parse("LT");

    public static ModifierEffect Of(Modifier modifier) => Effects[modifier.Packed];

    /// <summary>The combined effect of a line's modifiers, and whether any modifier is one we know no rule for.</summary>
    public static ModifierEffect Of(ModifierSet modifiers, out bool unknown)
    {
        var all = ModifierEffect.None;
        unknown = false;
        foreach (var m in modifiers)
        {
            var e = Effects[m.Packed];
            unknown |= e == ModifierEffect.None;
            all |= e;
        }

        return all;
    }

    /// <summary>Why a combination cannot be priced, or <c>null</c> when it can.</summary>
    public static string? Conflict(ModifierEffect e)
    {
        if (Multiple(e & ModifierEffect.RowModifier))
        {
            return "26, TC and 53 each select a different RVU row: a line carries at most one of them";
        }

        if ((e & ModifierEffect.Bilateral50) != 0 && (e & (ModifierEffect.Right | ModifierEffect.Left)) != 0)
        {
            return "modifier 50 already says both sides: it is not billed with RT or LT";
        }

        if (Multiple(e & ModifierEffect.SplitCare))
        {
            return "54, 55 and 56 each bill one part of the global package: a line carries at most one of them (bill neither for the whole package)";
        }

        if (Multiple(e & ModifierEffect.Surgeons))
        {
            return "assistant (80, 81, 82, AS), co-surgeon (62) and team (66) modifiers exclude each other";
        }

        if (Multiple(e & ModifierEffect.Anesthesia))
        {
            return "AA, AD, QK/QY, QX and QZ each set the anesthesia payment: a line carries one of them";
        }

        if ((e & ModifierEffect.Increased22) != 0 && (e & ModifierEffect.Reduced52) != 0)
        {
            return "22 (increased) and 52 (reduced) contradict each other";
        }

        return null;
    }

    /// <summary>The modifier that selects the RVU row: 26, TC, 53 or none.</summary>
    public static Modifier RowModifier(ModifierEffect effect)
        => (effect & ModifierEffect.ProfessionalComponent) != 0 ? Modifier.ProfessionalComponent
        : (effect & ModifierEffect.TechnicalComponent) != 0 ? Modifier.TechnicalComponent
        : (effect & ModifierEffect.Discontinued53) != 0 ? Modifier.Discontinued
        : Modifier.None;

    private static bool Multiple(ModifierEffect e) => System.Numerics.BitOperations.PopCount((uint)e) > 1;

    /// <summary>The flags of each modifier, from the one catalog (<see cref="ModifierCatalog"/>).</summary>
    private static ModifierEffect[] Build()
    {
        var table = new ModifierEffect[Modifier.MaxPackedValue + 1];
        foreach (var info in ModifierCatalog.All)
        {
            table[info.Modifier.Packed] = Flag(info.PaymentEffect);
        }

        return table;
    }

    private static ModifierEffect Flag(ModifierPaymentEffect effect) => effect switch
    {
        ModifierPaymentEffect.ProfessionalComponent => ModifierEffect.ProfessionalComponent,
        ModifierPaymentEffect.TechnicalComponent => ModifierEffect.TechnicalComponent,
        ModifierPaymentEffect.Discontinued => ModifierEffect.Discontinued53,
        ModifierPaymentEffect.Bilateral => ModifierEffect.Bilateral50,
        ModifierPaymentEffect.RightSide => ModifierEffect.Right,
        ModifierPaymentEffect.LeftSide => ModifierEffect.Left,
        ModifierPaymentEffect.IncreasedService => ModifierEffect.Increased22,
        ModifierPaymentEffect.ReducedService => ModifierEffect.Reduced52,
        ModifierPaymentEffect.SurgicalCareOnly => ModifierEffect.SurgicalCareOnly54,
        ModifierPaymentEffect.PostoperativeCareOnly => ModifierEffect.PostoperativeOnly55,
        ModifierPaymentEffect.PreoperativeCareOnly => ModifierEffect.PreoperativeOnly56,
        ModifierPaymentEffect.ReturnToOperatingRoom => ModifierEffect.ReturnToOr78,
        ModifierPaymentEffect.AssistantAtSurgery => ModifierEffect.Assistant80,
        ModifierPaymentEffect.MinimumAssistantAtSurgery => ModifierEffect.Assistant81,
        ModifierPaymentEffect.AssistantNoQualifiedResident => ModifierEffect.Assistant82,
        ModifierPaymentEffect.NonphysicianAssistantAtSurgery => ModifierEffect.AssistantNpp,
        ModifierPaymentEffect.CoSurgeon => ModifierEffect.CoSurgeon62,
        ModifierPaymentEffect.TeamSurgery => ModifierEffect.Team66,
        ModifierPaymentEffect.AnesthesiaPersonallyPerformed => ModifierEffect.AnesthesiaPersonal,
        ModifierPaymentEffect.AnesthesiaMedicalSupervision => ModifierEffect.AnesthesiaSupervision,
        ModifierPaymentEffect.AnesthesiaMedicalDirection => ModifierEffect.AnesthesiaDirected,
        ModifierPaymentEffect.AnesthesiaCrnaDirected => ModifierEffect.AnesthesiaDirectedCrna,
        ModifierPaymentEffect.AnesthesiaCrnaAlone => ModifierEffect.AnesthesiaCrnaAlone,
        ModifierPaymentEffect.ShortageAreaBonus => ModifierEffect.Hpsa,
        ModifierPaymentEffect.None => ModifierEffect.NoPaymentEffect,
        _ => ModifierEffect.None,
    };
}
