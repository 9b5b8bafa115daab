// Package tally counts votes. It is pure: no database, no network, no
// clock; the same ballots, method and tie rule always give the same
// result, stage by stage, so any count can be published and recounted.
//
// Ballots come grouped (Ballot.Weight identical ballots) and every method
// is one function returning a Result: the winners in the order elected,
// every stage with each candidate's votes and what was transferred, who
// was elected or excluded and why, and the blank and invalid ballots
// counted apart. Votes are exact integers in hundred-thousandths of a
// vote (Votes), so no count ever depends on floating point.
//
// The methods:
//
//   - Plurality (CountPlurality): each voter marks up to one candidate per
//     seat; the most marks win. The common rule of associations'
//     statutes ("scrutin majoritaire à un tour").
//   - Approval (CountApproval): each voter marks every candidate they
//     approve of; the most marks win. Brams and Fishburn, "Approval
//     Voting", American Political Science Review 72, 1978.
//   - Two-round majority (CountTwoRound): the first round elects with an
//     absolute majority of the valid ballots; otherwise the best two per
//     seat left, or all above a threshold, go on, and the second round
//     elects by relative majority. As in French law for municipal and
//     association elections (Code électoral, art. L. 253 for the rule).
//   - Instant-runoff (CountIRV): the candidate with the fewest votes is
//     excluded and its ballots pass to their next preference until one
//     holds a majority of the ballots still counted. Hare's method for
//     one seat, as used in Australian lower-house and US municipal
//     elections. Checked against the published results of two real
//     elections: the 2019 Leith Walk by-election in Edinburgh (Scottish
//     rules, one seat) and the 2017 Minneapolis mayoral election, the
//     latter round by round (testdata/README.md).
//   - Single transferable vote (CountSTV): the Scottish Local Government
//     Elections Order 2007 (SSI 2007/42, schedule 1, rules 45–53): Droop
//     quota, weighted inclusive Gregory transfers with transfer values
//     truncated to five decimals, largest surplus first, exclusion of the
//     lowest, ties by the most recent preceding stage where the tied
//     candidates differed (rules 49(2) and 51(2)) and then by the tie
//     rule. Checked against the declared results of City of Edinburgh
//     wards in 2022 (testdata/README.md).
//   - Condorcet–Schulze (CountSchulze): the full ranking in tiers from the
//     strongest paths of the pairwise-preference graph, with both
//     matrices. Schulze, Social Choice and Welfare 36, 2011.
//   - List (CountList): one list per ballot; the list with the most votes
//     takes every seat, or the seats are shared by highest averages
//     (D'Hondt, 1878): each seat to the list with the largest
//     votes ÷ (seats won + 1). An electoral threshold
//     (Options.ListThreshold, a share of the valid ballots) leaves the
//     lists under it without a seat; the result names them.
//
// Ties that votes cannot break follow the caller's TieRule: a priority
// order chosen by the statutes, then a lot drawn from a generator seeded
// with TieRule.Seed, recorded in Result.Draws.
//
// Ballots are read from BLT files (ReadBLT, WriteBLT), the format of STV
// counting programs, and from Majlis's JSON ballot box (BallotBox), which
// the app publishes after each secret election. Both readers reject
// malformed input with a ParseError that gives the line and the reason.
// Equal preferences in a BLT file ("2=3") are read as the Scottish rules
// read such a paper: it counts up to them and is then non-transferable,
// and equal first preferences make it invalid (Ballot.Equal).
package tally
