// Package sched is the small goroutine scheduler of the analysis: Slots
// bound how many computations run at once, shared between the figure
// families and the blocks of the all-pairs sweep, and a Group runs the
// families on their own goroutines as slots come free and waits for them.
package sched
