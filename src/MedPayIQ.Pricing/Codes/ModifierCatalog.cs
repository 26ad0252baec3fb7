using System.Collections.Frozen;
using System.Collections.Immutable;

namespace MedPayIQ.Pricing;

/// <summary>What a modifier does to the fee schedule payment of a line (CMS Claims Processing Manual, Pub. 100-04, chapter 12).</summary>
public enum ModifierPaymentEffect
{
    /// <summary>The modifier is not in the catalog: the calculator prices the line and warns that it knows no rule for it.</summary>
    Unknown = 0,

    /// <summary>Known, without an effect on the fee schedule amount (NCCI-associated, informational, telehealth, teaching, ...).</summary>
    None,

    /// <summary>26: the professional component row.</summary>
    ProfessionalComponent,

    /// <summary>TC: the technical component row.</summary>
    TechnicalComponent,

    /// <summary>53: the discontinued-procedure row (when the RVU file has one).</summary>
    Discontinued,

    /// <summary>50: both sides on one line (bilateral surgery indicator).</summary>
    Bilateral,

    /// <summary>RT: the right side (also an anatomic NCCI modifier).</summary>
    RightSide,

    /// <summary>LT: the left side (also an anatomic NCCI modifier).</summary>
    LeftSide,

    /// <summary>22: increased procedural services (priced as the fee schedule amount; paid by report).</summary>
    IncreasedService,

    /// <summary>52: reduced services (priced as the fee schedule amount; reduced by report).</summary>
    ReducedService,

    /// <summary>54: surgical care only (the intra-operative share of the global package).</summary>
    SurgicalCareOnly,

    /// <summary>55: post-operative management only (the post-operative share).</summary>
    PostoperativeCareOnly,

    /// <summary>56: pre-operative management only (the pre-operative share).</summary>
    PreoperativeCareOnly,

    /// <summary>78: unplanned return to the operating room (the intra-operative share).</summary>
    ReturnToOperatingRoom,

    /// <summary>80: assistant at surgery.</summary>
    AssistantAtSurgery,

    /// <summary>81: minimum assistant at surgery.</summary>
    MinimumAssistantAtSurgery,

    /// <summary>82: assistant at surgery when no qualified resident is available.</summary>
    AssistantNoQualifiedResident,

    /// <summary>AS: a physician assistant, nurse practitioner or clinical nurse specialist assisting at surgery.</summary>
    NonphysicianAssistantAtSurgery,

    /// <summary>62: two surgeons (co-surgery).</summary>
    CoSurgeon,

    /// <summary>66: team surgery.</summary>
    TeamSurgery,

    /// <summary>AA: anesthesia performed personally by the anesthesiologist.</summary>
    AnesthesiaPersonallyPerformed,

    /// <summary>AD: medical supervision of more than four concurrent anesthesia procedures.</summary>
    AnesthesiaMedicalSupervision,

    /// <summary>QK, QY: medical direction of two to four concurrent procedures, or of one CRNA.</summary>
    AnesthesiaMedicalDirection,

    /// <summary>QX: CRNA service with medical direction.</summary>
    AnesthesiaCrnaDirected,

    /// <summary>QZ: CRNA service without medical direction.</summary>
    AnesthesiaCrnaAlone,

    /// <summary>AQ: a physician's service in an unlisted health professional shortage area (the HPSA bonus).</summary>
    ShortageAreaBonus,
}

/// <summary>One modifier as MedPayIQ understands it: its payment effect and its role in the NCCI edits.</summary>
public sealed class ModifierInfo
{
    internal ModifierInfo(Modifier modifier, ModifierPaymentEffect paymentEffect, bool isNcciAssociated, bool isAnatomic)
    {
        Modifier = modifier;
        PaymentEffect = paymentEffect;
        IsNcciAssociated = isNcciAssociated;
        IsAnatomic = isAnatomic;
    }

    /// <summary>The modifier.</summary>
    public Modifier Modifier { get; }

    /// <summary>What it does to the fee schedule payment.</summary>
    public ModifierPaymentEffect PaymentEffect { get; }

    /// <summary>
    /// Whether it may bypass an NCCI procedure-to-procedure edit whose modifier indicator is 1 (NCCI Policy Manual for
    /// Medicare Services, chapter I, section E: anatomic modifiers, global surgery modifiers 24, 25, 57, 58, 78, 79, and
    /// 27, 59, 91, XE, XP, XS, XU).
    /// </summary>
    public bool IsNcciAssociated { get; }

    /// <summary>
    /// Whether it names a body site (E1-E4, FA, F1-F9, TA, T1-T9, LT, RT, LC, LD, LM, RC, RI): an anatomic modifier
    /// bypasses an edit only when the two codes do not carry the same one.
    /// </summary>
    public bool IsAnatomic { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Modifier}: {PaymentEffect}{(IsNcciAssociated ? IsAnatomic ? ", NCCI-associated (anatomic)" : ", NCCI-associated" : "")}";
}

/// <summary>
/// The one list of modifiers the library knows: each with its payment effect (used by the calculator) and its NCCI role
/// (used by the NCCI checker). A modifier not listed prices as if absent, with a warning.
/// </summary>
public static class ModifierCatalog
{
    private const string AnatomicModifiers = "E1 E2 E3 E4 FA F1 F2 F3 F4 F5 F6 F7 F8 F9 TA T1 T2 T3 T4 T5 T6 T7 T8 T9 LT RT LC LD LM RC RI";
    private const string OtherNcciModifiers = "24 25 57 58 78 79 27 59 91 XE XP XS XU";

    private static readonly ModifierInfo?[] ByPacked = new ModifierInfo?[Modifier.MaxPackedValue + 1];

    static ModifierCatalog()
    {
        var anatomic = AnatomicModifiers.Split(' ').Select(Modifier.Parse).ToFrozenSet();
        var ncci = anatomic.Concat(OtherNcciModifiers.Split(' ').Select(Modifier.Parse)).ToFrozenSet();
        var all = ImmutableArray.CreateBuilder<ModifierInfo>();
        void Add(string codes, ModifierPaymentEffect effect)
        {
            foreach (var code in codes.Split(' '))
            {
                var m = Modifier.Parse(code);
                var info = new ModifierInfo(m, effect, ncci.Contains(m), anatomic.Contains(m));
                ByPacked[m.PackedValue] = info;
                all.Add(info);
            }
        }

        Add("26", ModifierPaymentEffect.ProfessionalComponent);
        Add("TC", ModifierPaymentEffect.TechnicalComponent);
        Add("53", ModifierPaymentEffect.Discontinued);
        Add("50", ModifierPaymentEffect.Bilateral);
        Add("RT", ModifierPaymentEffect.RightSide);
        Add("LT", ModifierPaymentEffect.LeftSide);
        Add("22", ModifierPaymentEffect.IncreasedService);
        Add("52", ModifierPaymentEffect.ReducedService);
        Add("54", ModifierPaymentEffect.SurgicalCareOnly);
        Add("55", ModifierPaymentEffect.PostoperativeCareOnly);
        Add("56", ModifierPaymentEffect.PreoperativeCareOnly);
        Add("78", ModifierPaymentEffect.ReturnToOperatingRoom);
        Add("80", ModifierPaymentEffect.AssistantAtSurgery);
        Add("81", ModifierPaymentEffect.MinimumAssistantAtSurgery);
        Add("82", ModifierPaymentEffect.AssistantNoQualifiedResident);
        Add("AS", ModifierPaymentEffect.NonphysicianAssistantAtSurgery);
        Add("62", ModifierPaymentEffect.CoSurgeon);
        Add("66", ModifierPaymentEffect.TeamSurgery);
        Add("AA", ModifierPaymentEffect.AnesthesiaPersonallyPerformed);
        Add("AD", ModifierPaymentEffect.AnesthesiaMedicalSupervision);
        Add("QK QY", ModifierPaymentEffect.AnesthesiaMedicalDirection);
        Add("QX", ModifierPaymentEffect.AnesthesiaCrnaDirected);
        Add("QZ", ModifierPaymentEffect.AnesthesiaCrnaAlone);
        Add("AQ", ModifierPaymentEffect.ShortageAreaBonus);

        // Known, without a payment effect in the fee schedule: NCCI-associated, multiple-procedure information, repeat
        // procedures, global-surgery E/M, telehealth, teaching, locum, anesthesia information, ABN and therapy markers.
        Add("51 59 XE XS XP XU 76 77 79 24 25 27 57 58 91 GC GE Q5 Q6 95 93 FQ FR GT CR CS QS G8 G9 P1 P2 P3 P4 P5 P6"
            + " E1 E2 E3 E4 FA F1 F2 F3 F4 F5 F6 F7 F8 F9 TA T1 T2 T3 T4 T5 T6 T7 T8 T9 LC LD LM RC RI"
            + " GA GX GY GZ KX GP GO GN JW JZ JG TB 33 GV GW AI SA SB", ModifierPaymentEffect.None);
        All = all.ToImmutable();
    }

    /// <summary>Every modifier in the catalog, in the order listed above (payment modifiers first).</summary>
    public static ImmutableArray<ModifierInfo> All { get; }

    /// <summary>The catalog's entry for a modifier; <c>false</c> (and <c>null</c>) when the modifier is not listed.</summary>
    /// <param name="modifier">The modifier.</param>
    /// <param name="info">Its entry.</param>
    public static bool TryGet(Modifier modifier, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ModifierInfo? info)
    {
        info = ByPacked[modifier.PackedValue];
        return info is not null;
    }

    /// <summary>The payment effect of a modifier (<see cref="ModifierPaymentEffect.Unknown"/> when it is not listed).</summary>
    /// <param name="modifier">The modifier.</param>
    public static ModifierPaymentEffect PaymentEffectOf(Modifier modifier) => ByPacked[modifier.PackedValue]?.PaymentEffect ?? ModifierPaymentEffect.Unknown;
}
