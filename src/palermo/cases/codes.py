"""Every code list of the case registry, in one place: the HTCDS v2.0 code is the stored value,
the label is English and translated to Russian through the catalogue.

Countries are ISO 3166-1 alpha-2 (django-countries, translated); languages ISO 639-1 below.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Gender(models.TextChoices):
    """HTCDS ``prs_Gender``."""

    FEMININE = "Feminine", _("Female")
    MASCULINE = "Masculine", _("Male")
    TRANSGENDER_FEMININE = "TransgenderFeminine", _("Transgender female")
    TRANSGENDER_MASCULINE = "TransgenderMasculine", _("Transgender male")
    NON_CONFORMING = "NonConforming", _("Gender non-conforming")
    UNKNOWN = "NonSpecifiedUnknown", _("Not specified / unknown")


class CaseType(models.TextChoices):
    TRAFFICKING = "Trafficking", _("Trafficking in persons")
    FORCED_LABOUR = "ForcedLabour", _("Forced labour")
    PRISON_LABOUR = "PrisonLabour", _("Prison labour")
    FORCED_MILITARY = "ForcedMilitaryRecruitment", _("Forced military recruitment")
    OTHER = "Other", _("Other")


class CaseStatus(models.TextChoices):
    """HTCDS ``cas_Status``."""

    ACTIVE = "Active", pgettext_lazy("case status", "Active")  # "Активен", not an account's
    FOLLOW_UP = "FollowUp", _("Follow-up")
    CLOSED = "Closed", pgettext_lazy("case status", "Closed")
    CLOSED_REFERRED = "ClosedReferred", _("Closed (referred)")


class TraffickingStatus(models.TextChoices):
    """HTCDS ``vic_TraffickingStatus``."""

    POSSIBLE = "PossibleVictimOfTrafficking", _("Presumed victim")
    ACTUAL = "ActualVictimOfTrafficking", _("Identified victim")
    NOT_A_VICTIM = "NotAVictimOfTrafficking", _("Not a victim of trafficking")


class DecidingOrganisation(models.TextChoices):
    """HTCDS ``vic_TraffickingStatusDecisionMakingOrg``."""

    POLICE = "Police", _("Police")
    NGO = "NGO", _("NGO")
    COURT_OR_PROSECUTION = "CourtOrProsecution", _("Court or prosecution")
    OTHER_GOVERNMENT = "NonPoliceGovernmentalOrganization", _("Other government body")
    OTHER = "Other", _("Other")


class Exploitation(models.TextChoices):
    """HTCDS ``vic_TypeOfExploitation`` (multiple)."""

    FORCED_LABOUR = "ForcedLabour", _("Forced labour")
    SEXUAL = "SexualExploitation", _("Sexual exploitation")
    CHILD_LABOUR = "ChildLabour", _("Child labour")
    FORCED_MARRIAGE = "ForcedMarriage", _("Forced marriage")
    SERVITUDE = "Servitude", _("Servitude")
    FORCED_MILITARY = "ForcedMilitaryByNonStateActors", _("Forced military service")
    ORGAN_REMOVAL = "OrganRemoval", _("Organ removal")
    FORCED_BEGGING = "ForcedBegging", _("Forced begging")
    FORCED_ADOPTION = "ForcedAdoption", _("Forced adoption")
    SURROGACY = "Surrogacy", _("Forced surrogacy")
    OTHER = "Other", _("Other")


class Industry(models.TextChoices):
    """HTCDS ``vic_ForcedLabourIndustry``: ISIC rev. 4 sections A–U."""

    A = "A_AgricultureForestryAndFishing", _("A. Agriculture, forestry and fishing")
    B = "B_MiningAndQuarrying", _("B. Mining and quarrying")
    C = "C_Manufacturing", _("C. Manufacturing")
    D = "D_ElectricityGasSteamAndAirConditioningSupply", _("D. Electricity, gas and steam supply")
    E = "E_WaterSupplySewerageWasteManagement", _("E. Water supply, sewerage, waste management")
    F = "F_Construction", _("F. Construction")
    G = "G_WholesaleAndRetailTrade", _("G. Wholesale and retail trade, repair of vehicles")
    H = "H_TransportationAndStorage", _("H. Transportation and storage")
    I = "I_AccommodationAndFoodServiceActivities", _("I. Accommodation and food services")  # noqa: E741
    J = "J_InformationAndCommunication", _("J. Information and communication")
    K = "K_FinancialAndInsuranceActivities", _("K. Financial and insurance activities")
    L = "L_RealEstateActivities", _("L. Real estate activities")
    M = "M_ProfessionalScientificAndTechnicalActivities", _("M. Professional services")
    N = "N_AdministrativeAndSupportServiceActivities", _("N. Administrative and support services")
    O = "O_PublicAdministrationAndDefence", _("O. Public administration and defence")  # noqa: E741
    P = "P_Education", _("P. Education")
    Q = "Q_HumanHealthAndSocialWorkActivities", _("Q. Health and social work")
    R = "R_ArtsEntertainmentAndRecreation", _("R. Arts, entertainment and recreation")
    S = "S_OtherServiceActivities", _("S. Other service activities")
    T = "T_ActivitiesOfHouseholdsAsEmployers", _("T. Households as employers (domestic work)")
    U = "U_ActivitiesOfExtraterritorialOrganizations", _("U. Extraterritorial organisations")


class SexExploitation(models.TextChoices):
    """HTCDS ``vic_TypeOfSexExploitation`` (multiple)."""

    PROSTITUTION = "Prostitution", _("Prostitution")
    PORNOGRAPHY = "Pornography", _("Pornography")
    REMOTE = "RemoteInteractiveServices", _("Remote interactive services")
    PRIVATE = "PrivateSexualServices", _("Private sexual services")


class MeansOfControl(models.TextChoices):
    """HTCDS ``vic_MethodsOfControl`` (multiple)."""

    PHYSICAL_THREATS = "PhysicalThreats", _("Threats of violence")
    THREATS_LAW_ENFORCEMENT = "ThreatsLawEnforcement", _("Threats of police or deportation")
    THREATENS_FAMILY = "ThreatensChildrenFamily", _("Threats against children or family")
    DEBT_BONDAGE = "DebtBondage", _("Debt bondage")
    FALSE_PROMISES = "FalsePromises", _("False promises")
    PHYSICAL_ABUSE = "PhysicalAbuse", _("Physical abuse")
    SEXUAL_ABUSE = "SexualAbuse", _("Sexual abuse")
    TAKES_EARNINGS = "TakesEarnings", _("Takes earnings")
    RESTRICTS_FINANCES = "RestrictsFinancialAccess", _("Restricts access to money")
    RESTRICTS_MEDICAL = "RestrictsMedicalCare", _("Restricts medical care")
    WITHHOLDS_NECESSITIES = "WithholdsNecessities", _("Withholds food, sleep or other necessities")
    PSYCHOLOGICAL_ABUSE = "PsychologicalAbuse", _("Psychological abuse")
    PSYCHOACTIVE = "PsychoactiveSubstance", _("Forced use of drugs or alcohol")
    EXCESSIVE_HOURS = "ExcessiveWorkingHours", _("Excessive working hours")
    WITHHOLDS_DOCUMENTS = "WithholdsDocuments", _("Withholds identity documents")
    OTHER = "Other", _("Other")


class Recruitment(models.TextChoices):
    """HTCDS ``vic_MethodOfRecruitment`` (multiple)."""

    PLACE_OF_BUSINESS = "AtAPlaceOfBusiness", _("At a place of business")
    EDUCATIONAL_INSTITUTION = "AtAnEducationalInstitution", _("At an educational institution")
    AT_WORK = "AtWork", _("At work")
    SOCIAL_NETWORKS = "ThroughOnlineSocialNetworks", _("Online social networks")
    ONLINE_ADVERT = "ThroughAnOnlineAdvertisement", _("Online advertisement")
    TV_ADVERT = "ThroughATelevisionAdvert", _("Television advertisement")
    NEWSPAPER_ADVERT = "ThroughANewspaperAdvert", _("Newspaper advertisement")
    FAMILY = "ThroughFamilyOrFamilyEvents", _("Through family")
    FRIENDS = "ThroughFriendsOrSocialEvents", _("Through friends or acquaintances")
    OTHER = "Other", _("Other")


class Relationship(models.TextChoices):
    """HTCDS ``vic_RelationshipToTrafficker`` (the standard's spelling kept as the code)."""

    FAMILIAL = "Familial", _("Family member")
    ACQUAINTED = "Acquainted", _("Acquaintance")
    UNACQUAINTED = "Unaquainted", _("Stranger")


class EventType(models.TextChoices):
    """HTCDS ``hte_Type``."""

    RECRUITMENT = "Recruitment", _("Recruitment")
    TRANSIT = "Transit", _("Transit")
    EXPLOITATION = "Exploitation", _("Exploitation")


class PerpetratorRole(models.TextChoices):
    """HTCDS ``per_RoleInProcess`` (multiple)."""

    TRAVELLING_PARTNER = "TravellingPartner", _("Travelling partner")
    TRANSPORTER = "Transporter", _("Transporter")
    RECRUITER = "RecruiterOrIntermediary", _("Recruiter or intermediary")
    BROKER = "BrokerTravelAgent", _("Broker or travel agent")
    TRANSFERRED = "TransferredIndividual", _("Transferred the person")
    HARBOURED = "HarbouredIndividual", _("Harboured the person")
    SOLD = "SoldIndividual", _("Sold the person")
    BOUGHT = "BoughtIndividual", _("Bought the person")
    RECEIVED = "ReceivedIndividual", _("Received the person")
    CONTROLLED = "ControlledIndividual", _("Controlled the person")
    SMUGGLER = "Smuggler", _("Smuggler")
    ABUSER = "Abuser", _("Abuser")
    KIDNAPPER = "Kidnapper", _("Kidnapper")
    EXPLOITER = "Exploiter", _("Exploiter")
    OTHER = "Other", _("Other")


class Language(models.TextChoices):
    """ISO 639-1 codes of the languages victims and staff most often speak here."""

    RU = "ru", _("Russian")
    EN = "en", _("English")
    UZ = "uz", _("Uzbek")
    TG = "tg", _("Tajik")
    KY = "ky", _("Kyrgyz")
    KK = "kk", _("Kazakh")
    TK = "tk", _("Turkmen")
    AZ = "az", _("Azerbaijani")
    HY = "hy", _("Armenian")
    KA = "ka", _("Georgian")
    UK = "uk", _("Ukrainian")
    BE = "be", _("Belarusian")
    RO = "ro", _("Romanian")
    VI = "vi", _("Vietnamese")
    ZH = "zh", _("Chinese")
    KO = "ko", _("Korean")
    TH = "th", _("Thai")
    HI = "hi", _("Hindi")
    UR = "ur", _("Urdu")
    FA = "fa", _("Persian")
    AR = "ar", _("Arabic")
    TR = "tr", _("Turkish")
    FR = "fr", _("French")
    HA = "ha", _("Hausa")
    YO = "yo", _("Yoruba")
    IG = "ig", _("Igbo")
    PCM = "pcm", _("Nigerian Pidgin")
    SW = "sw", _("Swahili")
    AM = "am", _("Amharic")
    TT = "tt", _("Tatar")
    BA = "ba", _("Bashkir")
    CE = "ce", _("Chechen")
    OTHER = "other", _("Other")
