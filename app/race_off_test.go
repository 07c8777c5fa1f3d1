//go:build !race

package app

// raceDetector is true in the race pass, where memory and time are
// measured with the detector's overhead and the figures mean nothing.
const raceDetector = false
