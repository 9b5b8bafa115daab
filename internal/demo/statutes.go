package demo

import "github.com/omsn/majlis/internal/statutes"

// Dues are in centimes of MAD.
const mad = 100

// OMSNRules are the governance rules of the demo statutes.
func OMSNRules() statutes.Rules {
	title := func(fr, ar, en string) statutes.Names { return statutes.Names{Fr: fr, Ar: ar, En: en} }
	return statutes.Rules{
		Categories: []statutes.Category{
			{Code: "founding", Names: title("Membre fondateur", "عضو مؤسس", "Founding member"),
				DuesAmount: 500 * mad, MayVote: true, MayStand: true, CountsForQuorum: true},
			{Code: "active", Names: title("Membre actif", "عضو نشيط", "Active member"),
				DuesAmount: 300 * mad, MayVote: true, MayStand: true, CountsForQuorum: true},
			{Code: "honorary", Names: title("Membre d’honneur", "عضو شرفي", "Honorary member"),
				DuesAmount: 0, MayVote: false, MayStand: false, CountsForQuorum: false},
			{Code: "institutional", Names: title("Membre institutionnel", "عضو مؤسساتي", "Institutional member"),
				DuesAmount: 5000 * mad, MayVote: true, MayStand: false, CountsForQuorum: true, Organisation: true},
		},
		Positions: []statutes.Position{
			{Code: "president", Titles: title("Président(e)", "الرئيس(ة)", "President"), Office: "president", Seats: 1, TermYears: 3, MaxRenewals: 1},
			{Code: "vice_president", Titles: title("Vice-président(e)", "نائب(ة) الرئيس", "Vice-president"), Office: "vice_president", Seats: 1, TermYears: 3, MaxRenewals: 1},
			{Code: "secretary_general", Titles: title("Secrétaire général(e)", "الكاتب(ة) العام(ة)", "Secretary general"), Office: "secretary_general", Seats: 1, TermYears: 3, MaxRenewals: 1},
			{Code: "treasurer", Titles: title("Trésorier(ère)", "أمين(ة) المال", "Treasurer"), Office: "treasurer", Seats: 1, TermYears: 3, MaxRenewals: 1},
			{Code: "assessor", Titles: title("Assesseur(e)", "مستشار(ة)", "Assessor"), Office: "assessor", Seats: 2, TermYears: 3, MaxRenewals: -1},
		},
	}
}

// OMSNText is the text of the demo statutes in French, Arabic and English.
var OMSNText = map[string]string{
	"fr": `# Statuts de l’Observatoire Marocain de la Souveraineté Numérique

## Article 1 — Dénomination
Il est constitué, conformément au dahir n° 1-58-376 du 15 novembre 1958 réglementant le droit d’association, une association dénommée « Observatoire Marocain de la Souveraineté Numérique » (OMSN).

## Article 2 — Siège
Le siège de l’association est fixé à Rabat. Il peut être transféré par décision du bureau exécutif ratifiée par l’assemblée générale.

## Article 3 — Objet
L’association a pour objet de fédérer les acteurs du numérique autour de la souveraineté numérique, axe stratégique du Maroc ; d’élaborer des études et des rapports ; d’accompagner, de sensibiliser et de conseiller les organisations ; d’organiser des événements et une plateforme d’échange.

## Article 4 — Membres
L’association se compose de membres fondateurs, de membres actifs, de membres d’honneur et de membres institutionnels. L’adhésion est soumise à l’agrément du bureau exécutif.

## Article 5 — Cotisations
Le montant des cotisations annuelles est fixé par catégorie. Les membres d’honneur en sont dispensés. Un membre qui n’a pas réglé sa cotisation quatre-vingt-dix jours après le début de l’exercice perd la qualité de membre à jour de cotisation.

## Article 6 — Perte de la qualité de membre
La qualité de membre se perd par démission, décès ou exclusion prononcée par le bureau exécutif pour motif grave, l’intéressé ayant été préalablement entendu.

## Article 7 — Assemblée générale
L’assemblée générale ordinaire se réunit une fois par an, sur convocation adressée quinze jours au moins avant la date fixée. Elle délibère valablement si le quart des membres à jour de cotisation est présent ou représenté ; chaque membre ne peut détenir plus de deux pouvoirs.

## Article 8 — Bureau exécutif
L’association est administrée par un bureau exécutif composé d’un président, d’un vice-président, d’un secrétaire général, d’un trésorier et de deux assesseurs, élus pour trois ans par l’assemblée générale.

## Article 9 — Modification des statuts et dissolution
Les statuts ne peuvent être modifiés que par une assemblée générale extraordinaire, à la majorité des deux tiers des membres présents ou représentés, la moitié au moins des membres étant présents ou représentés.
`,
	"ar": `# النظام الأساسي للمرصد المغربي للسيادة الرقمية

## المادة 1 — التسمية
تأسست، طبقاً للظهير الشريف رقم 1.58.376 الصادر في 15 نونبر 1958 المنظم لحق تأسيس الجمعيات، جمعية تحمل اسم «المرصد المغربي للسيادة الرقمية».

## المادة 2 — المقر
يوجد مقر الجمعية بالرباط، ويمكن نقله بقرار من المكتب التنفيذي يصادق عليه الجمع العام.

## المادة 3 — الأهداف
تهدف الجمعية إلى توحيد الفاعلين في المجال الرقمي حول السيادة الرقمية باعتبارها محوراً استراتيجياً للمغرب، وإعداد الدراسات والتقارير، ومواكبة المؤسسات وتحسيسها وتقديم المشورة لها، وتنظيم التظاهرات وفضاء للتبادل.

## المادة 4 — الأعضاء
تتكون الجمعية من أعضاء مؤسسين وأعضاء نشيطين وأعضاء شرفيين وأعضاء مؤسساتيين. ويخضع الانخراط لموافقة المكتب التنفيذي.

## المادة 5 — واجبات الاشتراك
يحدد مبلغ الاشتراك السنوي حسب الفئة، ويعفى منه الأعضاء الشرفيون.

## المادة 6 — فقدان صفة العضوية
تفقد صفة العضوية بالاستقالة أو الوفاة أو الإقصاء بقرار من المكتب التنفيذي لسبب خطير بعد الاستماع إلى المعني بالأمر.

## المادة 7 — الجمع العام
ينعقد الجمع العام العادي مرة في السنة بدعوة توجه قبل خمسة عشر يوماً على الأقل، ويصح انعقاده بحضور ربع الأعضاء المؤدين لواجب الاشتراك أو تمثيلهم، ولا يجوز لأي عضو أن يحمل أكثر من توكيلين.

## المادة 8 — المكتب التنفيذي
يسير الجمعية مكتب تنفيذي يتكون من رئيس ونائب للرئيس وكاتب عام وأمين للمال ومستشارين اثنين، ينتخبهم الجمع العام لمدة ثلاث سنوات.

## المادة 9 — تعديل النظام الأساسي والحل
لا يعدل النظام الأساسي إلا بجمع عام استثنائي بأغلبية ثلثي الأعضاء الحاضرين أو الممثلين، على أن يحضر أو يمثل نصف الأعضاء على الأقل.
`,
	"en": `# Statutes of the Moroccan Observatory for Digital Sovereignty

## Article 1 — Name
An association named "Moroccan Observatory for Digital Sovereignty" (OMSN) is formed under dahir no. 1-58-376 of 15 November 1958 on the right of association.

## Article 2 — Seat
The association's seat is in Rabat. It may be moved by decision of the executive board ratified by the general assembly.

## Article 3 — Purpose
The association brings together digital actors around digital sovereignty as a strategic priority for Morocco; produces studies and reports; supports, informs and advises organisations; and organises events and a platform for exchange.

## Article 4 — Members
The association has founding, active, honorary and institutional members. Membership is subject to the executive board's approval.

## Article 5 — Dues
Annual dues are set per category. Honorary members are exempt.

## Article 6 — Loss of membership
Membership ends by resignation, death, or exclusion pronounced by the executive board for serious cause, after the member has been heard.

## Article 7 — General assembly
The ordinary general assembly meets once a year, convened at least fifteen days in advance. It may validly deliberate when a quarter of the members in good standing are present or represented; no member may hold more than two proxies.

## Article 8 — Executive board
The association is run by an executive board of a president, a vice-president, a secretary general, a treasurer and two assessors, elected for three years by the general assembly.

## Article 9 — Amendment and dissolution
The statutes may be amended only by an extraordinary general assembly, by a two-thirds majority of the members present or represented, at least half the members being present or represented.
`,
}
