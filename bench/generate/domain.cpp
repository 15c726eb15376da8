// The Conference, its working groups and the dates of their documents (see domain.h).
#include "domain.h"

namespace ctoc::bench {

// One long function on purpose: a table of data (one entry per body), no logic.
std::vector<WorkingGroup> working_groups() {
    return {
        {"COP",
         "",
         2004,
         0.30,
         {"criminalité transnationale organisée", "criminalité organisée",
          "Conférence des Parties"},
         {"Examen de l'application de la Convention des Nations Unies contre la criminalité "
          "transnationale organisée",
          "Mécanisme d'examen de l'application de la Convention et des Protocoles s'y rapportant",
          "Questions financières et budgétaires", "Adoption du rapport de la Conférence",
          "Rapport de la Conférence des Parties sur les travaux de sa session"},
         {"La Conférence des Parties a examiné l'état de l'application de la Convention des "
          "Nations Unies contre la criminalité transnationale organisée.",
          "Le mécanisme d'examen de l'application de la Convention et des Protocoles s'y "
          "rapportant est entré dans sa phase de dialogue constructif.",
          "Les États parties ont été invités à communiquer au Secrétariat les informations "
          "relatives à leur législation nationale."}},
        {"WG.2",
         "Groupe de travail sur l'assistance technique",
         2006,
         0.12,
         {"assistance technique", "renforcement des capacités"},
         {"Assistance technique",
          "Activités d'assistance technique menées par l'Office des Nations Unies contre la drogue "
          "et le crime",
          "Renforcement des capacités des autorités nationales"},
         {"Le Groupe de travail sur l'assistance technique a recommandé de renforcer les capacités "
          "des autorités nationales.",
          "Les activités d'assistance technique devraient répondre aux besoins recensés par les "
          "États demandeurs.",
          "L'Office a fourni une assistance technique législative à plusieurs États parties."}},
        {"WG.3",
         "Groupe de travail sur la coopération internationale",
         2008,
         0.15,
         {"coopération internationale", "entraide judiciaire", "extradition"},
         {"Coopération internationale aux fins de confiscation",
          "Entraide judiciaire et extradition", "Coopération internationale en matière pénale"},
         {"Le Groupe de travail sur la coopération internationale a examiné les obstacles à "
          "l'entraide judiciaire.",
          "Les demandes d'extradition et d'entraide judiciaire devraient être transmises par les "
          "autorités centrales.",
          "La coopération internationale aux fins de confiscation du produit du crime reste "
          "insuffisante."}},
        {"WG.4",
         "Groupe de travail sur la traite des personnes",
         2009,
         0.18,
         {"traite des personnes", "traite des êtres humains", "victimes de la traite"},
         {"Protocole visant à prévenir, réprimer et punir la traite des personnes, en particulier "
          "des femmes et des enfants",
          "Mesures de prévention de la criminalité relatives à la traite des personnes",
          "Protection et assistance aux victimes de la traite des personnes"},
         {"Le Groupe de travail sur la traite des personnes a souligné l'importance d'une approche "
          "centrée sur les victimes.",
          "Les victimes de la traite des personnes devraient bénéficier d'une assistance et d'une "
          "protection appropriées.",
          "La traite des êtres humains à des fins d'exploitation sexuelle et de travail forcé "
          "demeure préoccupante."}},
        {"WG.6",
         "Groupe de travail sur les armes à feu",
         2014,
         0.10,
         {"armes à feu", "munitions", "armes légères"},
         {"Protocole contre la fabrication et le trafic illicites d'armes à feu, de leurs pièces, "
          "éléments et munitions",
          "Marquage et traçage des armes à feu", "Trafic illicite d'armes à feu"},
         {"Le Groupe de travail sur les armes à feu a examiné les mesures de marquage et "
          "d'enregistrement des armes.",
          "La fabrication et le trafic illicites d'armes à feu, de leurs pièces, éléments et "
          "munitions alimentent la violence armée.",
          "Les États ont été encouragés à établir des registres nationaux des armes à feu et à en "
          "assurer le traçage."}},
        {"WG.7",
         "Groupe de travail sur le trafic illicite de migrants",
         2012,
         0.15,
         {"migrants", "migration"},
         {"Protocole contre le trafic illicite de migrants par terre, air et mer",
          "Trafic illicite de migrants par mer",
          "Poursuites dans les affaires de trafic illicite de migrants"},
         {"Le Groupe de travail sur le trafic illicite de migrants a examiné les moyens de "
          "renforcer les poursuites.",
          "Le trafic illicite de migrants par mer met en danger la vie des personnes migrantes.",
          "Les passeurs ont adapté leurs modes opératoires aux restrictions des déplacements."}},
    };
}

const std::array<const char*, 12> months = {"janvier",   "février", "mars",     "avril",
                                            "mai",       "juin",    "juillet",  "août",
                                            "septembre", "octobre", "novembre", "décembre"};
const std::array<const char*, 13> ordinals = {
    "",         "Première", "Deuxième", "Troisième", "Quatrième", "Cinquième", "Sixième",
    "Septième", "Huitième", "Neuvième", "Dixième",   "Onzième",   "Douzième"};
/// COP sessions by year.
const std::map<int, int> cop_sessions = {{2004, 1}, {2005, 2},  {2006, 3},  {2008, 4},
                                         {2010, 5}, {2012, 6},  {2014, 7},  {2016, 8},
                                         {2018, 9}, {2020, 10}, {2022, 11}, {2024, 12}};

int days_in(int month) {
    return month == 2 ? 28 : (month == 4 || month == 6 || month == 9 || month == 11) ? 30 : 31;
}

std::string french_date(int day, int month, int year, bool markdown) {
    std::string d = day == 1 ? (markdown ? "1^{er}" : "1er") : std::to_string(day);
    return d + " " + months[static_cast<std::size_t>(month - 1)] + " " + std::to_string(year);
}

} // namespace ctoc::bench
