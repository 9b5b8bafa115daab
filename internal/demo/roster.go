package demo

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/omsn/majlis/ent/member"
	"github.com/omsn/majlis/internal/governance"
	"github.com/omsn/majlis/internal/members"
)

// Invented names, combined to make demo members; no real person is meant.
// The surnames leave out those of the demo accounts, so that searching the
// roster for a demo account finds that account alone.
var (
	womenNames = []string{"Amina", "Hajar", "Khadija", "Imane", "Soukaina", "Meryem", "Ghita", "Zineb", "Sanaa", "Loubna",
		"Aïcha", "Chaïmae", "Maïssa", "Fatima Zahra", "Houda", "Rim", "Salwa", "Kawtar", "Wiam", "Oumaima",
		"Nawal", "Leila", "Samira", "Najat", "Btissam", "Asmae", "Hind", "Ikram", "Malika", "Yasmine"}
	menNames = []string{"Omar", "Mehdi", "Anas", "Reda", "Yassine", "Hamza", "Ilyas", "Othmane", "Adil", "Tarik",
		"Saïd", "Ismaïl", "Abdelilah", "Karim", "Hicham", "Mustapha", "Nabil", "Badr", "Zakaria", "Ayoub",
		"Soufiane", "Abdelkader", "Jamal", "Khalid", "Mourad", "Walid", "Amine", "Younes", "Anouar", "Ahmed"}
	lastNames = []string{"Bennani", "El Fassi", "Amrani", "Berrada", "Kettani", "Lahlou", "Skalli", "Tahiri", "Ouazzani", "Jebli",
		"Benjelloun", "Alami", "Chami", "Naciri", "Filali", "Sebti", "Guessous", "Lamrani", "Hakimi", "Tazi",
		"Bensouda", "Cherkaoui", "Zniber", "Bouazzaoui", "Alaoui", "Mernissi", "Benkirane", "Sqalli", "El Khatib", "Ziani",
		"Mansouri", "Belhaj", "Bouchentouf", "El Ouafi", "Haddad", "Boutaleb", "Tounsi", "Kabbaj", "Lazrak", "Sentissi",
		"Bakkali", "Aït Taleb", "Aït Benhaddou", "Aït Lahcen", "Benaïssa", "Laâbi", "Saâdi", "Laâroussi", "Zaïdi", "Ouahbi",
		"Hamdaoui", "El Mokri", "Bousfiha", "Nejjar", "Tijani", "Zerhouni", "Bekkali", "Ghazi", "Harti", "Benmoussa",
		"El Ghazouani", "Sbai", "Moutawakil", "Oubaha", "Azzouzi", "Belkadi", "Essaidi", "Rhazali", "Fikri", "Oukacha"}
	// Some members write their name in Arabic script; the handle is the
	// usual Latin spelling, for their address.
	arabicNames = []struct {
		first, last, handle string
		woman               bool
	}{
		{"فاطمة الزهراء", "بنكيران", "fatimazahra.benkirane", true},
		{"عبد الرحيم", "الوزاني", "abderrahim.ouazzani", false},
		{"خديجة", "التازي", "khadija.tazi", true},
		{"محمد", "العلوي", "mohammed.alaoui", false},
		{"سعاد", "المريني", "souad.merini", true},
		{"إبراهيم", "الصقلي", "ibrahim.sqalli", false},
		{"نوال", "بنسعيد", "naoual.bensaid", true},
		{"عبد اللطيف", "الحجوي", "abdellatif.hajoui", false},
		{"رشيدة", "الكتاني", "rachida.kettani", true},
		{"يوسف", "الشرقاوي", "youssef.cherkaoui", false},
		{"حسناء", "الفاسي الفهري", "hasnaa.fassifihri", true},
	}
	organisations = []string{"Atlas Cloud SARL", "Université Numérique de Rabat (démo)", "Maghreb Data Labs", "Coopérative Logiciels Libres du Souss"}
	// Professions in French, feminine then masculine.
	professions = [][2]string{{"Ingénieure logiciel", "Ingénieur logiciel"}, {"Enseignante-chercheuse", "Enseignant-chercheur"},
		{"Juriste en droit du numérique", "Juriste en droit du numérique"}, {"Data scientist", "Data scientist"},
		{"Consultante en transformation digitale", "Consultant en transformation digitale"},
		{"Doctorante en informatique", "Doctorant en informatique"}, {"Architecte cloud", "Architecte cloud"},
		{"Journaliste", "Journaliste"}, {"Cheffe de projet", "Chef de projet"},
		{"Responsable de la sécurité des systèmes d’information", "Responsable de la sécurité des systèmes d’information"},
		{"Étudiante en master", "Étudiant en master"}, {"Administratrice systèmes", "Administrateur systèmes"},
		{"Économiste", "Économiste"}, {"Haute fonctionnaire", "Haut fonctionnaire"}, {"Entrepreneuse", "Entrepreneur"},
		{"Développeuse web", "Développeur web"}, {"Avocate", "Avocat"},
		{"Chercheuse en sciences politiques", "Chercheur en sciences politiques"}}
	honoraryProfessions = [][2]string{{"Professeure émérite", "Professeur émérite"}, {"Magistrate honoraire", "Magistrat honoraire"},
		{"Ancienne ambassadrice", "Ancien ambassadeur"}, {"Historienne des sciences", "Historien des sciences"}}
	// Cities weighted by repetition: most members live on the Rabat and
	// Casablanca axis, a few abroad.
	cities = []struct{ city, country string }{
		{"Rabat", "MA"}, {"Rabat", "MA"}, {"Rabat", "MA"}, {"Rabat", "MA"}, {"Salé", "MA"}, {"Témara", "MA"},
		{"Casablanca", "MA"}, {"Casablanca", "MA"}, {"Casablanca", "MA"}, {"Mohammédia", "MA"}, {"Kénitra", "MA"},
		{"Fès", "MA"}, {"Meknès", "MA"}, {"Marrakech", "MA"}, {"Tanger", "MA"}, {"Tétouan", "MA"}, {"Agadir", "MA"},
		{"Oujda", "MA"}, {"El Jadida", "MA"}, {"Laâyoune", "MA"}, {"Ifrane", "MA"}, {"Benguerir", "MA"},
		{"Paris", "FR"}, {"Lyon", "FR"}, {"Montréal", "CA"}, {"Bruxelles", "BE"},
	}
	mailDomains   = []string{"membres.omsn.example", "courriel.example", "univ.example", "entreprise.example"}
	leaveReasons  = []string{"Départ à l’étranger", "Raisons professionnelles", "Manque de disponibilité", "Raisons personnelles"}
	exclusionWhys = []string{"usage du nom de l’Observatoire à des fins commerciales", "diffusion de documents internes du bureau",
		"propos injurieux envers des membres lors d’une assemblée", "se présenter comme porte-parole de l’Observatoire sans mandat"}
	frMonths = []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
)

// The generated roster: how many members of each kind, and how many of
// them leave the active status, and how.
const (
	generatedFounders = 24
	generatedHonorary = 8
	lapsedCount       = 22
	reactivatedCount  = 10 // lapsed once, then paid: active again
	suspendedCount    = 6
	resignedCount     = 14
	excludedCount     = 4
	deceasedCount     = 3
)

// joinersPerYear is how many active members the board admits each year;
// 2026 stops at the horizon.
var joinersPerYear = []struct{ year, count int }{{2022, 28}, {2023, 38}, {2024, 40}, {2025, 38}, {2026, 20}}

// horizon is the last day the demo records anything on: the roster looks
// like it did at the end of October 2026.
var horizon = time.Date(2026, time.October, 31, 0, 0, 0, 0, time.UTC)

// The days of the ordinary assemblies after the constitutive one.
var (
	ago2023 = time.Date(2023, time.March, 25, 0, 0, 0, 0, time.UTC)
	ago2024 = time.Date(2024, time.March, 30, 0, 0, 0, 0, time.UTC)
	ago2025 = time.Date(2025, time.March, 26, 0, 0, 0, 0, time.UTC)
	ago2026 = time.Date(2026, time.March, 28, 0, 0, 0, 0, time.UTC)
)

// draw returns a number in [0, n) that depends only on i and salt (a
// SplitMix64 step): the demo is the same on every run and with every Go
// release, without a random generator.
func draw(i, salt, n int) int {
	x := uint64(i)*0x9E3779B97F4A7C15 + uint64(salt)*0xD1B54A32D192ED03 + 0x2545F4914F6CDD1D
	x = (x ^ x>>30) * 0xBF58476D1CE4E5B9
	x = (x ^ x>>27) * 0x94D049BB133111EB
	x ^= x >> 31
	return int(x % uint64(n))
}

// dayBetween returns a day from a to b included, chosen by i and salt.
func dayBetween(a, b time.Time, i, salt int) time.Time {
	days := int(b.Sub(a).Hours() / 24)
	if days <= 0 {
		return a
	}
	return a.AddDate(0, 0, draw(i, salt, days+1))
}

// frDate writes a day as French minutes do: "12 mai 2025", "1er avril 2026".
func frDate(t time.Time) string {
	day := fmt.Sprint(t.Day())
	if t.Day() == 1 {
		day = "1er"
	}
	return fmt.Sprintf("%s %s %d", day, frMonths[t.Month()-1], t.Year())
}

// boardMeeting is the day the board meets in a month, when it decides on
// applications: the first working day from the 12th.
func boardMeeting(year int, month time.Month) time.Time {
	d := time.Date(year, month, 12, 0, 0, 0, 0, time.UTC)
	for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// step is one event of a member's history after the application.
type step struct {
	kind, from, to    string
	at                time.Time
	byBoard           bool // decided by the board (else by the member or the dues job)
	reason, reference string
	heardOn           *time.Time
}

// seedMember is a member to create, with the history that led to their
// status.
type seedMember struct {
	first, last, org, rep string
	email, category       string
	city, country         string
	profession, phone     string
	status                member.Status
	joined                time.Time
	userID                *int
	// approvedBy is the reference of the decision admitting the member.
	approvedBy string
	steps      []step
}

// name returns the display name, as the roster shows it.
func (m *seedMember) name() string {
	if m.org != "" {
		return m.org
	}
	return m.first + " " + m.last
}

// searchText folds what the roster search looks in.
func (m *seedMember) searchText(number string) string {
	return members.Fold(strings.Join([]string{m.first, m.last, m.org, m.rep, m.email, number}, " "))
}

// namer hands out invented names, never the same twice nor one already
// taken.
type namer struct {
	used    map[string]bool
	handles map[string]int
	next    int
}

func newNamer(taken []string) *namer {
	n := &namer{used: map[string]bool{}, handles: map[string]int{}}
	for _, t := range taken {
		n.used[t] = true
	}
	return n
}

// person returns a first name, a last name and an address for the k-th
// generated person, and whether she is a woman (for the French of her
// profession). About one in eighteen writes their name in Arabic script.
func (n *namer) person() (first, last, email string, woman bool) {
	k := n.next
	n.next++
	if k%18 == 9 && k/18 < len(arabicNames) {
		a := arabicNames[k/18]
		n.used[a.first+" "+a.last] = true
		return a.first, a.last, n.address(a.handle, k), a.woman
	}
	woman = draw(k, 1, 2) == 0
	given := menNames
	if woman {
		given = womenNames
	}
	for salt := 0; ; salt++ {
		first = given[draw(k, 2+salt, len(given))]
		last = lastNames[draw(k, 40+salt, len(lastNames))]
		if !n.used[first+" "+last] {
			n.used[first+" "+last] = true
			return first, last, n.address(handle(first)+"."+handle(last), k), woman
		}
	}
}

// address returns an e-mail address for a handle, numbered when the handle
// is already given.
func (n *namer) address(h string, k int) string {
	n.handles[h]++
	if c := n.handles[h]; c > 1 {
		h = fmt.Sprintf("%s%d", h, c)
	}
	return h + "@" + mailDomains[draw(k, 3, len(mailDomains))]
}

// handle folds a name into the local part of an address: "Laâbi" → "laabi",
// "Fatima Zahra" → "fatimazahra".
func handle(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' {
			return r
		}
		return -1
	}, members.Fold(s))
}

// generateRoster returns the generated members in the order they were
// admitted, which is the order of their numbers. They are all active but
// an organisation behind with its dues; writeHistories then moves some of
// the people. taken lists the names already used (demo accounts, pending
// applications).
func generateRoster(founded time.Time, taken []string, rules governance.Rules) []*seedMember {
	nm := newNamer(taken)
	var out []*seedMember
	k := 0
	newPerson := func(category string, joined time.Time, approvedBy string) {
		first, last, email, woman := nm.person()
		place := cities[draw(k, 4, len(cities))]
		jobs := professions
		if category == "honorary" {
			jobs = honoraryProfessions
		}
		job := jobs[draw(k, 5, len(jobs))][1]
		if woman {
			job = jobs[draw(k, 5, len(jobs))][0]
		}
		m := &seedMember{first: first, last: last, email: email, category: category,
			city: place.city, country: place.country, profession: job,
			phone:  fmt.Sprintf("+212 6%02d %02d %02d %02d", draw(k, 6, 100), draw(k, 7, 100), draw(k, 8, 100), draw(k, 9, 100)),
			status: member.StatusActive, joined: joined, approvedBy: approvedBy}
		if place.country != "MA" {
			m.phone = ""
		}
		k++
		out = append(out, m)
	}

	for i := 0; i < generatedFounders; i++ {
		newPerson("founding", founded, "AGC du 26 mars 2022")
	}
	for _, ago := range []time.Time{ago2023, ago2024, ago2025, ago2026} {
		for i := 0; i < generatedHonorary/4; i++ {
			newPerson("honorary", ago, "AGO du "+frDate(ago)+" (membre d’honneur)")
		}
	}
	for _, q := range joinersPerYear {
		first, last := time.January, time.December
		if q.year == founded.Year() {
			first = founded.Month() + 2 // the board's first admissions
		}
		if q.year == horizon.Year() {
			last = horizon.Month()
		}
		for i := 0; i < q.count; i++ {
			month := first + time.Month(draw(k, 10, int(last-first)+1))
			day := boardMeeting(q.year, month)
			newPerson("active", day, "Bureau du "+frDate(day))
		}
	}
	for i, org := range organisations {
		first, last, _, _ := nm.person()
		joined := boardMeeting(founded.Year()+1, founded.Month()+time.Month(i))
		m := &seedMember{org: org, rep: first + " " + last,
			email: fmt.Sprintf("contact%d@organisations.omsn.example", i), category: "institutional",
			city: []string{"Casablanca", "Rabat", "Casablanca", "Agadir"}[i], country: "MA",
			status: member.StatusActive, joined: joined, approvedBy: "Bureau du " + frDate(joined)}
		if i == len(organisations)-1 {
			// A small cooperative has not paid this year's dues yet.
			m.status, m.steps = member.StatusLapsed, []step{lapseStep(rules, horizon.Year())}
		}
		out = append(out, m)
	}
	slices.SortStableFunc(out, func(a, b *seedMember) int { return a.joined.Compare(b.joined) })
	return out
}

// demoBoard names the generated members who sit on the board, by their
// place in the roster: they stay active whatever the draw.
type demoBoard struct {
	president, firstVice, coOptedVice *seedMember
	assessors2022, assessors2025      [2]*seedMember
}

// pickBoard chooses the officers among the generated members: the
// constitutive board among the founders, the co-opted vice-president and a
// 2025 assessor among the first active members.
func pickBoard(roster []*seedMember) demoBoard {
	var founders, joiners []*seedMember
	for _, m := range roster {
		switch m.category {
		case "founding":
			founders = append(founders, m)
		case "active":
			joiners = append(joiners, m)
		}
	}
	return demoBoard{
		president: founders[0], firstVice: founders[1],
		assessors2022: [2]*seedMember{founders[2], founders[3]},
		coOptedVice:   joiners[0],
		assessors2025: [2]*seedMember{founders[4], joiners[5]},
	}
}

func (b demoBoard) members() []*seedMember {
	return []*seedMember{b.president, b.firstVice, b.coOptedVice, b.assessors2022[0], b.assessors2022[1],
		b.assessors2025[0], b.assessors2025[1]}
}

// writeHistories moves some generated members out of the active status,
// with the events that led there, and gives a few active ones a lapse they
// have since settled. Officers stay active.
func writeHistories(roster []*seedMember, officers []*seedMember, rules governance.Rules) {
	// Who may change: not an officer, and a member for a year at least.
	this := horizon.Year()
	var pool []*seedMember
	for _, m := range roster {
		if m.org == "" && !slices.Contains(officers, m) && m.joined.Before(horizon.AddDate(-1, 0, 0)) {
			pool = append(pool, m)
		}
	}
	// A fixed shuffle (Fisher–Yates driven by draw) spreads each status
	// over the years and categories.
	for i := len(pool) - 1; i > 0; i-- {
		j := draw(i, 11, i+1)
		pool[i], pool[j] = pool[j], pool[i]
	}
	// take gives the next member of the draw that ok accepts, and their
	// rank, which varies their dates.
	next := 0
	take := func(ok func(*seedMember) bool) (*seedMember, int) {
		for i := next; i < len(pool); i++ {
			if ok(pool[i]) {
				pool[next], pool[i] = pool[i], pool[next]
				next++
				return pool[next-1], next
			}
		}
		panic("demo: too few members for the histories") // fixed data: cannot happen
	}
	anyone := func(*seedMember) bool { return true }
	// Members exempt from dues (honorary) never lapse.
	owesDues := func(m *seedMember) bool { c, ok := rules.Category(m.category); return ok && !c.ExemptFromDues }
	// Lapsing needs a whole dues year after the one of joining.
	owesSince := func(year int) func(*seedMember) bool {
		return func(m *seedMember) bool { return owesDues(m) && m.joined.Year() < year }
	}
	decision := func(day time.Time) string { return "Bureau du " + frDate(day) }

	for i := 0; i < excludedCount; i++ {
		// Honorary members are eminent guests, not excluded ones.
		m, n := take(owesDues)
		day := dayBetween(m.joined.AddDate(0, 6, 0), horizon.AddDate(0, 0, -40), n, 12)
		heard := day.AddDate(0, 0, 21)
		excluded := heard.AddDate(0, 0, 14)
		why := exclusionWhys[i%len(exclusionWhys)]
		m.status = member.StatusExcluded
		m.steps = append(m.steps,
			step{kind: "status_changed", from: "active", to: "suspended", at: day, byBoard: true,
				reason: "Suspension à titre conservatoire : " + why + ". Convocation à une audition.", reference: decision(day)},
			step{kind: "status_changed", from: "suspended", to: "excluded", at: excluded, byBoard: true,
				reason:    "Exclusion pour motif grave (" + why + "), après audition de l’intéressé(e).",
				reference: decision(excluded), heardOn: &heard})
	}
	for i := 0; i < deceasedCount; i++ {
		m, n := take(anyone)
		day := dayBetween(m.joined.AddDate(1, 0, 0), horizon, n, 13)
		m.status = member.StatusDeceased
		m.steps = append(m.steps, step{kind: "status_changed", from: "active", to: "deceased", at: day, byBoard: true,
			reason: "Décès ; le bureau présente ses condoléances à la famille.", reference: decision(day)})
	}
	for i := 0; i < resignedCount; i++ {
		m, n := take(anyone)
		asked := dayBetween(m.joined.AddDate(0, 6, 0), horizon.AddDate(0, 0, -45), n, 14)
		accepted := asked.AddDate(0, 0, 21+draw(n, 15, 21))
		why := leaveReasons[draw(n, 16, len(leaveReasons))]
		m.status = member.StatusResigned
		m.steps = append(m.steps,
			step{kind: "leave_requested", from: "active", at: asked, reason: why},
			step{kind: "status_changed", from: "active", to: "resigned", at: accepted, byBoard: true,
				reason: "Démission acceptée (" + strings.ToLower(why[:1]) + why[1:] + ").", reference: decision(accepted)})
	}
	for i := 0; i < suspendedCount; i++ {
		// Two dues years unpaid: lapsed in one, suspended in the next.
		m, n := take(owesSince(this - 1))
		year := max(m.joined.Year()+1, this-1-draw(n, 17, 2))
		day := boardMeeting(year+1, time.May)
		m.status = member.StatusSuspended
		m.steps = append(m.steps, lapseStep(rules, year),
			step{kind: "status_changed", from: "lapsed", to: "suspended", at: day, byBoard: true,
				reason: fmt.Sprintf("Cotisations %d et %d impayées malgré deux rappels", year, year+1), reference: decision(day)})
	}
	for i := 0; i < lapsedCount; i++ {
		// Most have not paid this year; some not last year either.
		m, n := take(owesSince(this))
		year := this
		if draw(n, 18, 4) == 0 && m.joined.Year() < this-1 {
			year = this - 1
		}
		m.status = member.StatusLapsed
		m.steps = append(m.steps, lapseStep(rules, year))
	}
	for i := 0; i < reactivatedCount; i++ {
		m, n := take(owesSince(this - 2))
		year := this - 2 + draw(n, 19, 3)
		paid := lapseStep(rules, year).at.AddDate(0, 0, 15+draw(n, 20, 60))
		m.steps = append(m.steps, lapseStep(rules, year),
			step{kind: "status_changed", from: "lapsed", to: "active", at: paid, byBoard: true,
				reason: fmt.Sprintf("Cotisation %d réglée auprès du trésorier", year)})
	}
}

// lapseStep is a member lapsing for not having paid a calendar year's
// dues by the end of the statutes' grace period, as the dues job records
// it: no board decision.
func lapseStep(rules governance.Rules, year int) step {
	return step{kind: "status_changed", from: "active", to: "lapsed",
		at:     time.Date(year, time.January, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rules.Dues.GraceDays),
		reason: fmt.Sprintf("Cotisation %d non réglée à la fin du délai de grâce", year)}
}
