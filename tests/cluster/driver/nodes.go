// nodes.go: starting, killing and stopping the node processes, each by its pid.
package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

type node struct {
	addr string
	dir  string
	id   uint64
	cmd  *exec.Cmd
	exit chan error // receives the process's exit once
	logf *os.File
}

type cluster struct {
	bin, ext, work string
	nodes          []*node
}

func newCluster(bin, ext, work string, port int) *cluster {
	c := &cluster{bin: bin, ext: ext, work: work}
	for i := 0; i < 3; i++ {
		c.nodes = append(c.nodes, &node{
			addr: fmt.Sprintf("127.0.0.1:%d", port+i),
			dir:  filepath.Join(work, fmt.Sprintf("node%d", i+1)),
		})
	}
	return c
}

// start launches node i (joining node 1 unless it is node 1 on its first start) and waits
// for its "ready <id>" line.
func (c *cluster) start(i int) error {
	n := c.nodes[i]
	if err := os.MkdirAll(n.dir, 0o755); err != nil {
		return err
	}
	args := []string{"-ext", c.ext, "-dir", n.dir, "-addr", n.addr}
	if i > 0 {
		args = append(args, "-join", c.nodes[0].addr)
	}
	n.cmd = exec.Command(c.bin, args...)
	logf, err := os.OpenFile(n.dir+".log", os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	n.logf = logf
	n.cmd.Stderr = logf
	out, err := n.cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := n.cmd.Start(); err != nil {
		return err
	}
	c.recordPid(n.cmd.Process.Pid)
	ready := make(chan uint64, 1)
	go func() {
		scanner := bufio.NewScanner(out)
		for scanner.Scan() {
			line := scanner.Text()
			fmt.Fprintln(logf, line)
			if strings.HasPrefix(line, "ready ") {
				id, _ := strconv.ParseUint(strings.TrimPrefix(line, "ready "), 10, 64)
				ready <- id
			}
		}
	}()
	n.exit = make(chan error, 1)
	go func(cmd *exec.Cmd, exit chan error) { exit <- cmd.Wait() }(n.cmd, n.exit)
	select {
	case n.id = <-ready:
		return nil
	case err := <-n.exit:
		n.cmd = nil
		return fmt.Errorf("node %d exited before ready: %v (see %s.log)", i+1, err, n.dir)
	case <-time.After(60 * time.Second):
		return fmt.Errorf("node %d not ready within 60 s", i+1)
	}
}

func (c *cluster) startAll() error {
	for i := range c.nodes {
		if err := c.start(i); err != nil {
			return err
		}
	}
	return c.waitVoters(60 * time.Second)
}

// restart starts node i again on its data directory and waits for three voters. A start
// that fails (its port still held a moment after the kill) is tried again, up to 5 times.
func (c *cluster) restart(i int) error {
	var err error
	for try := 0; try < 5; try++ {
		if err = c.start(i); err == nil {
			return c.waitVoters(60 * time.Second)
		}
		time.Sleep(time.Second)
	}
	return err
}

func (c *cluster) kill9(i int) {
	n := c.nodes[i]
	if n.cmd == nil {
		return
	}
	n.cmd.Process.Signal(syscall.SIGKILL)
	<-n.exit
	n.cmd = nil
}

// stopAll: SIGTERM to every node; each must exit 0 with no failed assertion in its log.
func (c *cluster) stopAll() {
	for i, n := range c.nodes {
		if n.cmd == nil {
			continue
		}
		n.cmd.Process.Signal(syscall.SIGTERM)
		var err error
		select {
		case err = <-n.exit:
		case <-time.After(30 * time.Second):
			err = fmt.Errorf("still running 30 s after SIGTERM")
			c.kill9(i)
		}
		n.cmd = nil
		log, _ := os.ReadFile(n.dir + ".log")
		check(fmt.Sprintf("node %d shuts down cleanly", i+1),
			err == nil && !strings.Contains(string(log), "Assertion"),
			"%v; log: %s", err, tail(string(log)))
	}
}

// killAll: in every outcome, no process of ours outlives the driver.
func (c *cluster) killAll() {
	for i := range c.nodes {
		c.kill9(i)
	}
}

func (c *cluster) recordPid(pid int) {
	f, err := os.OpenFile(filepath.Join(c.work, "pids"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err == nil {
		fmt.Fprintln(f, pid)
		f.Close()
	}
}

func tail(s string) string {
	if len(s) > 400 {
		return s[len(s)-400:]
	}
	return s
}
