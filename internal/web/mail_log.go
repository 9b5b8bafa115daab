package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/mailmessage"
	"github.com/omsn/majlis/internal/mail"
)

type mailLogView struct {
	*page
	Messages []*ent.MailMessage
	Statuses []mailmessage.Status
	Status   mailmessage.Status
}

// showMailLog lists the messages sent or to be sent, newest first.
func (s *Server) showMailLog(c *fiber.Ctx) error {
	status := mailmessage.Status(c.Query("status"))
	if status != "" && mailmessage.StatusValidator(status) != nil {
		status = ""
	}
	list, err := s.Mailer.Log(c.UserContext(), mail.LogQuery{Status: status, Limit: 200})
	if err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "board/mail_log", &mailLogView{page: s.newPage(c, "mail_log.title"), Messages: list,
		Statuses: []mailmessage.Status{mailmessage.StatusQueued, mailmessage.StatusSent, mailmessage.StatusFailed, mailmessage.StatusSuppressed},
		Status:   status})
}

type mailMessageView struct {
	*page
	Message *ent.MailMessage
}

// showMailMessage shows one message as it was sent (its text part).
func (s *Server) showMailMessage(c *fiber.Ctx) error {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return fiber.ErrNotFound
	}
	m, err := s.Mailer.Message(c.UserContext(), id)
	if err != nil {
		return err
	}
	return s.render(c, fiber.StatusOK, "board/mail_message", &mailMessageView{page: s.newPage(c, "mail_log.message"), Message: m})
}
